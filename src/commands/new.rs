//! `lembar new` and `lembar schema`: files that help editors write pages.

use std::io::Write;

use super::{Outcome, print_diagnostics};
use crate::date::Date;

/// `lembar new`: writes a new page in every language, prints the files'
/// paths on stdout (one a line, for `$EDITOR $(lembar new …)`).
pub fn new(args: crate::cli::NewArgs, today: Date) -> Outcome {
    match crate::scaffold::new_page(&args.root, &args.kind, &args.name, today) {
        Ok(paths) => {
            let mut out = std::io::stdout().lock();
            for path in &paths {
                // Relative to where lembar runs, so the paths can be opened as printed.
                let shown = match args.root.as_os_str() == "." {
                    true => path.clone(),
                    false => args.root.join(path),
                };
                let _ = writeln!(out, "{}", shown.display());
            }
            eprintln!(
                "created {} files: replace their TODO markers, then run `lembar build`",
                paths.len()
            );
            Outcome::Done
        }
        Err(problems) => {
            let (summary, _) = print_diagnostics(problems.into_iter().collect());
            eprintln!("error: no page was created: {summary}");
            Outcome::Failed
        }
    }
}

/// `lembar schema`: writes the front-matter schemas, then prints the editor
/// configuration that maps the site's folders to them.
pub fn schema(args: crate::cli::SchemaArgs) -> Outcome {
    use crate::schema;
    let out = args
        .out
        .clone()
        .unwrap_or_else(|| args.root.join(".lembar").join("schemas"));
    let written = match schema::write_schemas(&out) {
        Ok(w) => w,
        Err(d) => {
            let (summary, _) = print_diagnostics(std::iter::once(d).collect());
            eprintln!("error: the schemas were not written: {summary}");
            return Outcome::Failed;
        }
    };
    for path in &written {
        eprintln!("wrote {}", path.display());
    }
    let mut config = match crate::config::load_config(&args.root, None) {
        Ok(c) => c,
        Err(problems) => {
            let (summary, _) = print_diagnostics(problems.into_iter().collect());
            eprintln!("error: cannot read the site, so no editor settings were printed: {summary}");
            return Outcome::Failed;
        }
    };
    crate::facts::attach(&mut config);
    let (content, problems) = crate::content::load_content(&config, true);
    if !problems.is_empty() {
        eprintln!(
            "note: {} content problem(s) left out of the folder list; `lembar build` shows them",
            problems.len()
        );
    }
    let absolute =
        |p: &std::path::Path| std::fs::canonicalize(p).unwrap_or_else(|_| p.to_path_buf());
    let schema_dir = schema::relative_path(&absolute(&args.root), &absolute(&out));
    let associations = schema::associations(&config, &content);
    println!(
        "// VS Code: front matter in Markdown is checked against these schemas by the remark\n\
         // extension (unifiedjs.vscode-remark) with remark-lint-frontmatter-schema, not by the\n\
         // YAML extension (see README, \"Editor support\"). In the site's folder:\n\
         //   npm install --save-dev remark-cli remark-frontmatter remark-lint-frontmatter-schema\n\
         // then save this as .remarkrc.mjs there ({}):\n",
        absolute(&args.root).display()
    );
    print!("{}", schema::remark_config(&schema_dir, &associations));
    println!(
        "\n// {}: the YAML extension (redhat.vscode-yaml) checks it with this in .vscode/settings.json:\n\
         //   \"yaml.schemas\": {{ \"{schema_dir}/{}\": \"{}\" }}",
        crate::facts::FACTS_FILE,
        schema::FACTS_SCHEMA,
        crate::facts::FACTS_FILE
    );
    Outcome::Done
}
