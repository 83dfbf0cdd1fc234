//! The checks' message details: TODO markers, control characters, lists of ids.

use super::*;

#[test]
fn a_control_character_is_located_even_as_the_first_byte() {
    let file = SourceFile::new("content/a.id.md", "\u{1}title".into());
    let d = check_control_chars_in(&file).expect("a warning");
    assert_eq!(
        d.to_string().lines().next(),
        Some("content/a.id.md:1:1: warning: control character U+0001 replaced by a space")
    );
}

#[test]
fn a_list_of_ids_shows_eight_then_an_ellipsis() {
    let names = ["a", "b", "c", "d", "e", "f", "g", "h", "i"];
    let eight: BTreeSet<&str> = names[..8].iter().copied().collect();
    assert_eq!(
        list(&eight),
        "`#a`, `#b`, `#c`, `#d`, `#e`, `#f`, `#g`, `#h`"
    );
    let nine: BTreeSet<&str> = names.iter().copied().collect();
    assert_eq!(
        list(&nine),
        "`#a`, `#b`, `#c`, `#d`, `#e`, `#f`, `#g`, `#h` …"
    );
}

#[test]
fn todo_is_found_as_a_whole_word_in_capitals() {
    let text = "TODO: a\nx TODOs todo MY_TODO TODO2 (TODO) xTODO TODO.\néTODO TODO";
    let found: Vec<usize> = find_todos(text).collect();
    let words: Vec<&str> = found.iter().map(|&i| &text[i..i + 4]).collect();
    assert_eq!(words, ["TODO"; 4]);
    assert_eq!(found, [0, 36, 48, 61]);
}

#[test]
fn a_marker_is_located_with_its_line_as_frame() {
    let file = SourceFile::new(
        "content/a.id.md",
        "---\ntitle: \"Jepang\" # TODO: judul\n---\n\nTeks é TODO.\n".into(),
    );
    let at: Vec<usize> = find_todos(&file.text).collect();
    let d = Diagnostic::warning("x").at(&file, at[0]..at[0] + 4);
    let p = d.position.unwrap();
    assert_eq!((p.line, p.column), (2, 19));
    assert_eq!(
        d.frame.as_deref().unwrap().0,
        "title: \"Jepang\" # TODO: judul"
    );
    let p = file.position(at[1]);
    assert_eq!((p.line, p.column), (5, 8));
}
