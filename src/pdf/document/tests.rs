use super::*;
use lopdf::content::Content;
use lopdf::decode_text_string;
use std::io::Write;

const A5: [f32; 2] = [420.0, 595.0];
const LOOPBACK: &str = "http://127.0.0.1:8080/";
const SITE: &str = "https://lembar.example.org/";

fn deflate(data: &[u8]) -> Vec<u8> {
    let mut encoder = flate2::write::ZlibEncoder::new(Vec::new(), flate2::Compression::default());
    encoder.write_all(data).expect("writing to memory");
    encoder.finish().expect("writing to memory")
}

fn uri_link(uri: &str) -> Dictionary {
    dictionary! {
        "Type" => "Annot",
        "Subtype" => "Link",
        "Rect" => vec![10.into(), 10.into(), 100.into(), 20.into()],
        "A" => dictionary! {
            "Type" => "Action",
            "S" => "URI",
            "URI" => Object::string_literal(uri),
        },
    }
}

/// A PDF like Chromium's, in `size` points: each page says "Page N" in
/// Helvetica, its content split over two streams (the second compressed),
/// the font and media box set once on the page tree; named destinations
/// part-1 (page 2, array form) and part-2 (page 4, dictionary form), and
/// on page 1 links: three to the loopback server (one with its action in
/// an object of its own), one elsewhere, one to a destination.
fn sample(pages: usize, size: [f32; 2]) -> Pdf {
    let mut doc = Document::with_version("1.4");
    let tree = doc.new_object_id();
    let font = doc.add_object(dictionary! {
        "Type" => "Font",
        "Subtype" => "Type1",
        "BaseFont" => "Helvetica",
    });
    let mut kids = Vec::new();
    for number in 1..=pages {
        let start = doc.add_object(Stream::new(
            dictionary! {},
            b"BT /F1 48 Tf 100 300 Td".to_vec(),
        ));
        let text = format!("(Page {number}) Tj ET");
        let end = doc.add_object(Stream::new(
            dictionary! { "Filter" => "FlateDecode" },
            deflate(text.as_bytes()),
        ));
        let mut page = dictionary! {
            "Type" => "Page",
            "Parent" => tree,
            "Contents" => vec![start.into(), end.into()],
        };
        if number == 1 {
            let action = doc.add_object(dictionary! {
                "S" => "URI",
                "URI" => Object::string_literal(format!("{LOOPBACK}en/")),
            });
            let mut indirect = uri_link("unused");
            indirect.set("A", action);
            let dest_link = dictionary! {
                "Type" => "Annot",
                "Subtype" => "Link",
                "Rect" => vec![10.into(), 30.into(), 100.into(), 40.into()],
                "Dest" => "part-1",
            };
            let annots: Vec<Object> = [
                uri_link(&format!("{LOOPBACK}id/")),
                uri_link(&format!("{LOOPBACK}id/cari/")),
                uri_link("https://example.org/x"),
                indirect,
                dest_link,
            ]
            .into_iter()
            .map(|annot| doc.add_object(annot).into())
            .collect();
            page.set("Annots", annots);
        }
        kids.push(Object::Reference(doc.add_object(page)));
    }
    let page_ids: Vec<Object> = kids.clone();
    doc.objects.insert(
        tree,
        dictionary! {
            "Type" => "Pages",
            "Kids" => kids,
            "Count" => pages as i64,
            "MediaBox" => vec![0.into(), 0.into(), size[0].into(), size[1].into()],
            "Resources" => dictionary! { "Font" => dictionary! { "F1" => font } },
        }
        .into(),
    );
    let mut dests = Dictionary::new();
    if let Some(page) = page_ids.get(1) {
        dests.set(
            "part-1",
            vec![
                page.clone(),
                "XYZ".into(),
                0.into(),
                size[1].into(),
                0.into(),
            ],
        );
    }
    if let Some(page) = page_ids.get(3) {
        dests.set(
            "part-2",
            dictionary! { "D" => vec![page.clone(), "Fit".into()] },
        );
    }
    let dests = doc.add_object(dests);
    let catalog = doc.add_object(dictionary! {
        "Type" => "Catalog",
        "Pages" => tree,
        "Dests" => dests,
        "Lang" => Object::string_literal("id"),
    });
    doc.trailer.set("Root", catalog);
    let mut bytes = Vec::new();
    doc.save_to(&mut bytes).expect("writing to memory");
    Pdf::load(&bytes).expect("our own sample")
}

fn reload(pdf: &mut Pdf) -> Pdf {
    Pdf::load(&pdf.to_bytes().expect("writing")).expect("reading what we wrote")
}

fn uris(pdf: &Pdf) -> Vec<String> {
    let doc = &pdf.doc;
    let first = doc.page_iter().next().expect("a page");
    let annots = doc.get_page_annotations(first).expect("annotations");
    annots
        .iter()
        .filter_map(|annot| {
            let action = resolve(doc, annot.get(b"A").ok()?)?.as_dict().ok()?;
            Some(String::from_utf8_lossy(action.get(b"URI").ok()?.as_str().ok()?).into_owned())
        })
        .collect()
}

#[test]
fn load_rejects_what_is_not_a_pdf() {
    assert!(Pdf::load(b"<html>not a pdf</html>").is_err());
}

#[test]
fn destination_pages_reads_the_dests_dictionary() {
    let pdf = sample(5, A5);
    assert_eq!(pdf.page_count(), 5);
    assert_eq!(
        pdf.destination_pages(&["part-2", "part-1", "part-9"]),
        [Some(4), Some(2), None]
    );
}

#[test]
fn destination_pages_reads_the_name_tree() {
    let mut pdf = sample(5, A5);
    let pages: Vec<ObjectId> = pdf.doc.page_iter().collect();
    let doc = &mut pdf.doc;
    let indirect_dest = doc.add_object(vec![pages[4].into(), "Fit".into()]);
    let leaf = doc.add_object(dictionary! {
        "Limits" => vec![Object::string_literal("b"), Object::string_literal("c")],
        "Names" => vec![
            Object::string_literal("b"),
            dictionary! { "D" => vec![pages[2].into(), "Fit".into()] }.into(),
            Object::string_literal("c"),
            indirect_dest.into(),
        ],
    });
    let root = dictionary! {
        "Kids" => vec![
            dictionary! {
                "Names" => vec![Object::string_literal("a"), vec![pages[0].into(), "Fit".into()].into()],
            }
            .into(),
            leaf.into(),
        ],
    };
    let catalog = doc.catalog_mut().expect("a catalog");
    catalog.remove(b"Dests");
    catalog.set("Names", dictionary! { "Dests" => root });
    let mut pdf = reload(&mut pdf);
    assert_eq!(
        pdf.destination_pages(&["a", "b", "c", "part-1", "d"]),
        [Some(1), Some(3), Some(5), None, None]
    );
    // With both forms, names from each are found.
    let dests = pdf.doc.add_object(dictionary! {
        "part-1" => vec![pages[1].into(), "Fit".into()],
    });
    pdf.doc
        .catalog_mut()
        .expect("a catalog")
        .set("Dests", dests);
    assert_eq!(pdf.destination_pages(&["part-1", "c"]), [Some(2), Some(5)]);
}

#[test]
fn set_outline_round_trips_titles_and_pages() {
    let mut pdf = sample(5, A5);
    pdf.set_outline(&[
        ("Pendahuluan".to_string(), 1),
        ("Bahasa Jepang · 日本語".to_string(), 3),
        ("Nowhere".to_string(), 6),
        ("Nowhere either".to_string(), 0),
        ("Penutup".to_string(), 5),
    ]);
    let pdf = reload(&mut pdf);
    let doc = &pdf.doc;
    let catalog = doc.catalog().expect("a catalog");
    assert_eq!(
        catalog.get(b"PageMode").and_then(Object::as_name).ok(),
        Some(&b"UseOutlines"[..])
    );
    let outlines = doc
        .get_dict_in_dict(catalog, b"Outlines")
        .expect("an outline");
    assert_eq!(
        outlines.get(b"Count").and_then(Object::as_i64).ok(),
        Some(3)
    );
    let pages: Vec<ObjectId> = doc.page_iter().collect();
    let mut found = Vec::new();
    let mut item = doc.get_dict_in_dict(outlines, b"First").ok();
    while let Some(entry) = item {
        let title =
            decode_text_string(entry.get(b"Title").expect("a title")).expect("a text string");
        let dest = entry
            .get(b"Dest")
            .and_then(Object::as_array)
            .expect("a destination");
        let page = dest[0].as_reference().expect("a page");
        assert_eq!(dest[1].as_name().ok(), Some(&b"XYZ"[..]));
        assert_eq!(dest[3].as_float().ok(), Some(A5[1]), "opens at the top");
        found.push((title, pages.iter().position(|&p| p == page).map(|i| i + 1)));
        item = doc.get_dict_in_dict(entry, b"Next").ok();
    }
    assert_eq!(
        found,
        [
            ("Pendahuluan".to_string(), Some(1)),
            ("Bahasa Jepang · 日本語".to_string(), Some(3)),
            ("Penutup".to_string(), Some(5)),
        ]
    );
}

#[test]
fn set_outline_with_no_entries_removes_it() {
    let mut pdf = sample(2, A5);
    pdf.set_outline(&[("One".to_string(), 1)]);
    pdf.set_outline(&[]);
    let catalog = pdf.doc.catalog().expect("a catalog");
    assert!(!catalog.has(b"Outlines"));
    assert!(!catalog.has(b"PageMode"));
}

#[test]
fn rewrite_links_changes_only_matching_uris() {
    let mut pdf = sample(2, A5);
    assert_eq!(pdf.rewrite_links(LOOPBACK, SITE), 3);
    let pdf = reload(&mut pdf);
    assert_eq!(
        uris(&pdf),
        [
            format!("{SITE}id/"),
            format!("{SITE}id/cari/"),
            "https://example.org/x".to_string(),
            format!("{SITE}en/"),
        ]
    );
    let mut pdf = pdf;
    assert_eq!(
        pdf.rewrite_links(LOOPBACK, SITE),
        0,
        "nothing left to rewrite"
    );
}

#[test]
fn set_title_is_utf16_when_not_ascii() {
    let mut pdf = sample(1, A5);
    pdf.set_title("Kerja · 日本");
    let bytes = pdf.to_bytes().expect("writing");
    let pdf = Pdf::load(&bytes).expect("reading");
    let info = pdf.doc.trailer.get(b"Info").expect("an Info");
    let info = resolve(&pdf.doc, info)
        .and_then(|i| i.as_dict().ok())
        .expect("a dictionary");
    let title = info.get(b"Title").expect("a title");
    assert!(title.as_str().expect("a string").starts_with(b"\xFE\xFF"));
    assert_eq!(decode_text_string(title).expect("text"), "Kerja · 日本");

    let mut pdf = pdf;
    pdf.set_title("Plain");
    let pdf = reload(&mut pdf);
    let info = resolve(&pdf.doc, pdf.doc.trailer.get(b"Info").expect("an Info")).expect("an Info");
    let title = info
        .as_dict()
        .and_then(|i| i.get(b"Title"))
        .expect("a title");
    assert_eq!(title.as_str().ok(), Some(&b"Plain"[..]));
}

#[test]
fn booklet_order_of_one_page() {
    assert_eq!(booklet_order(1), [[0, 1], [0, 0]]);
}

#[test]
fn booklet_order_of_four_pages() {
    assert_eq!(booklet_order(4), [[4, 1], [2, 3]]);
}

#[test]
fn booklet_order_of_five_pages() {
    assert_eq!(booklet_order(5), [[0, 1], [2, 0], [0, 3], [4, 5]]);
}

#[test]
fn booklet_order_of_eight_pages() {
    assert_eq!(booklet_order(8), [[8, 1], [2, 7], [6, 3], [4, 5]]);
}

#[test]
fn booklet_order_of_twelve_pages() {
    assert_eq!(
        booklet_order(12),
        [[12, 1], [2, 11], [10, 3], [4, 9], [8, 5], [6, 7]]
    );
}

#[test]
fn booklet_order_of_no_pages() {
    assert!(booklet_order(0).is_empty());
}

/// The page numbers a booklet side shows on its left and right half (0
/// for blank), read from how far right each form is drawn and the
/// "Page N" text inside it.
fn side_pages(doc: &Document, side: ObjectId, page_width: f32) -> [usize; 2] {
    let content =
        Content::decode(&doc.get_page_content(side).expect("content")).expect("operators");
    let (resources, _) = doc.get_page_resources(side).expect("resources");
    let xobjects = resources
        .expect("resources on the side")
        .get(b"XObject")
        .and_then(Object::as_dict)
        .expect("forms");
    let mut halves = [0; 2];
    let mut x = 0.0;
    for op in &content.operations {
        match op.operator.as_str() {
            "cm" => x = op.operands[4].as_float().expect("a number"),
            "Do" => {
                let name = op.operands[0].as_name().expect("a name");
                let id = xobjects
                    .get(name)
                    .and_then(Object::as_reference)
                    .expect("a form");
                let form = doc
                    .get_object(id)
                    .and_then(Object::as_stream)
                    .expect("a stream");
                assert!(
                    form.dict
                        .get(b"Resources")
                        .and_then(|r| resolve(doc, r).expect("resources").as_dict())
                        .and_then(|r| r.get(b"Font"))
                        .is_ok(),
                    "inherited fonts travel with the form"
                );
                let text =
                    String::from_utf8(form.decompressed_content().expect("content")).expect("text");
                let start = text.find("(Page ").expect("a page number") + "(Page ".len();
                let number: String = text[start..]
                    .chars()
                    .take_while(char::is_ascii_digit)
                    .collect();
                let half = if x < page_width / 2.0 { 0 } else { 1 };
                assert_eq!(halves[half], 0, "one page per half");
                halves[half] = number.parse().expect("a number");
            }
            _ => {}
        }
    }
    halves
}

#[test]
fn booklet_of_five_pages_is_two_sheets_in_order() {
    let pdf = sample(5, A5);
    let booklet = Pdf::load(&booklet(&pdf).expect("a booklet")).expect("a readable booklet");
    let doc = &booklet.doc;
    let sides: Vec<ObjectId> = doc.page_iter().collect();
    assert_eq!(sides.len(), 4);
    // Two of Chromium's A5 pages nearly fill an A4 sheet: the sheet is A4.
    for &side in &sides {
        assert_eq!(page_box(doc, side), Ok([0.0, 0.0, 841.89, 595.28]));
        assert!(!doc.get_dictionary(side).expect("a page").has(b"Annots"));
    }
    let order: Vec<[usize; 2]> = sides
        .iter()
        .map(|&side| side_pages(doc, side, A5[0]))
        .collect();
    assert_eq!(order, [[0, 1], [2, 0], [0, 3], [4, 5]]);
    let catalog = doc.catalog().expect("a catalog");
    assert!(
        !catalog.has(b"Dests"),
        "destinations point at the single pages"
    );
    assert_eq!(
        catalog.get(b"Lang").and_then(Object::as_str).ok(),
        Some(&b"id"[..])
    );
    assert!(
        !doc.objects
            .values()
            .any(|o| o.type_name().ok() == Some(b"Annot")),
        "links are gone"
    );
}

#[test]
fn booklet_of_eight_pages_keeps_a_shifted_media_box_off_iso_sizes() {
    let mut pdf = sample(8, A5);
    let tree = pdf
        .doc
        .catalog()
        .and_then(|c| c.get(b"Pages"))
        .and_then(Object::as_reference);
    let tree = pdf
        .doc
        .get_dictionary_mut(tree.expect("a page tree"))
        .expect("a page tree");
    tree.set(
        "MediaBox",
        vec![10.into(), 20.into(), 410.into(), 620.into()],
    );
    let booklet = Pdf::load(&booklet(&pdf).expect("a booklet")).expect("a readable booklet");
    let doc = &booklet.doc;
    let order: Vec<[usize; 2]> = doc
        .page_iter()
        .map(|side| side_pages(doc, side, 400.0))
        .collect();
    assert_eq!(order, [[8, 1], [2, 7], [6, 3], [4, 5]]);
    // 800 × 600 is near no ISO sheet: the side is the two pages exactly.
    let first = doc.page_iter().next().expect("a side");
    assert_eq!(page_box(doc, first), Ok([0.0, 0.0, 800.0, 600.0]));
    let content = doc
        .get_page_content(doc.page_iter().next().expect("a side"))
        .expect("content");
    let content = String::from_utf8(content).expect("text");
    assert!(content.contains("1 0 0 1 -10 -20 cm /P8 Do"), "{content}");
    assert!(content.contains("1 0 0 1 390 -20 cm /P1 Do"), "{content}");
}

#[test]
fn booklet_refuses_pages_of_other_sizes() {
    let mut pdf = sample(3, A5);
    let third = pdf.doc.page_iter().nth(2).expect("a third page");
    let page = pdf.doc.get_dictionary_mut(third).expect("a page");
    page.set("MediaBox", vec![0.into(), 0.into(), 595.into(), 842.into()]);
    let error = booklet(&pdf).expect_err("A4 among A5");
    assert!(error.contains("page 3"), "{error}");
}

#[test]
fn booklet_tolerates_rounding_of_the_size() {
    let mut pdf = sample(2, A5);
    let second = pdf.doc.page_iter().nth(1).expect("a second page");
    let page = pdf.doc.get_dictionary_mut(second).expect("a page");
    page.set(
        "MediaBox",
        vec![0.into(), 0.into(), 420.5.into(), 594.6.into()],
    );
    assert!(booklet(&pdf).is_ok());
}

#[test]
fn booklet_refuses_rotated_pages() {
    let mut pdf = sample(2, A5);
    let second = pdf.doc.page_iter().nth(1).expect("a second page");
    pdf.doc
        .get_dictionary_mut(second)
        .expect("a page")
        .set("Rotate", 90);
    let error = booklet(&pdf).expect_err("a rotated page");
    assert!(
        error.contains("page 2") && error.contains("rotated"),
        "{error}"
    );
    pdf.doc
        .get_dictionary_mut(second)
        .expect("a page")
        .set("Rotate", 360);
    assert!(booklet(&pdf).is_ok(), "a full turn is no turn");
}

#[test]
fn booklet_of_no_pages_is_an_error() {
    let mut doc = Document::with_version("1.4");
    let tree = doc.add_object(
        dictionary! { "Type" => "Pages", "Kids" => Vec::<Object>::new(), "Count" => 0 },
    );
    let catalog = doc.add_object(dictionary! { "Type" => "Catalog", "Pages" => tree });
    doc.trailer.set("Root", catalog);
    assert!(booklet(&Pdf { doc }).is_err());
}
