//! What editors coming from Hugo write: each case builds as they expect.

use crate::support::Site;

#[test]
fn a_date_and_time_in_front_matter_is_its_day_as_written() {
    let site = Site::copy("base");
    let bontang = site.read("content/events/bontang.id.md");
    // Hugo's new-page template writes an instant; a late-evening time in
    // Bontang (UTC+8) is still that day.
    site.write(
        "content/events/bontang.id.md",
        bontang.replace("date: 2025-08-06", "date: 2025-08-06T23:30:00+08:00"),
    );
    let about = site.read("content/about.en.md");
    site.write(
        "content/about.en.md",
        about.replacen("---\n", "---\nupdated: 2014-11-18T00:00:00Z\n", 1),
    );
    site.build(&[]).success();
    assert!(
        site.read("public/id/kegiatan/bontang/index.html")
            .contains("Rabu, 6 Agustus 2025")
    );
    let sitemap = site.read("public/sitemap.xml");
    assert!(
        sitemap.contains("<lastmod>2014-11-18</lastmod>"),
        "{sitemap}"
    );
}
