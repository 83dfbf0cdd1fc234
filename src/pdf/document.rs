//! Reading and changing the PDFs that Chromium prints: which page each
//! named destination lands on, the outline (bookmarks), the links, the title,
//! and the two-up booklet for saddle-stitch binding. Pure: bytes in, bytes out.
//!
//! Longer than the ~400-line bound: every change goes through lopdf's object
//! model with the same few helpers (dictionaries, name trees, page lookups), which
//! stay beside the edits that use them.

use std::collections::{HashMap, HashSet};

use lopdf::{Dictionary, Document, Object, ObjectId, Stream, dictionary, text_string};

/// How far up a page tree we look for an inherited attribute: real files are
/// a few levels deep, and a loop in a broken file must not hang us.
const TREE_DEPTH_LIMIT: usize = 64;

/// How much a page may differ from the first one and still share its sheet:
/// Chromium rounds page sizes to fractions of a point.
const SIZE_TOLERANCE: f32 = 1.0;

/// What a booklet keeps of the catalog. The rest points at the old pages
/// (destinations, outline, structure tree, forms) or describes them.
const KEPT_CATALOG_KEYS: &[&[u8]] = &[
    b"Lang",
    b"ViewerPreferences",
    b"Metadata",
    b"OutputIntents",
    b"Version",
];

/// A printed PDF, loaded to be read or changed.
pub struct Pdf {
    doc: Document,
}

impl Pdf {
    pub fn load(bytes: &[u8]) -> Result<Pdf, String> {
        Document::load_mem(bytes)
            .map(|doc| Pdf { doc })
            .map_err(|e| format!("cannot read the PDF: {e}"))
    }

    pub fn page_count(&self) -> usize {
        self.doc.page_iter().count()
    }

    /// The 1-based page each named destination points at, `None` when the
    /// name is missing: Chromium writes one destination for every element id
    /// a link in the document points to, which is how we learn where each
    /// part of a leaflet starts.
    pub fn destination_pages(&self, names: &[&str]) -> Vec<Option<usize>> {
        let numbers: HashMap<ObjectId, usize> = self
            .doc
            .page_iter()
            .enumerate()
            .map(|(index, id)| (id, index + 1))
            .collect();
        let destinations = self.named_destinations();
        names
            .iter()
            .map(|name| {
                let destination = destinations.get(name.as_bytes())?;
                numbers
                    .get(&destination_page(&self.doc, destination)?)
                    .copied()
            })
            .collect()
    }

    /// Every named destination, by name: from the catalog's `/Dests`
    /// dictionary (what Chromium writes) and from the `/Names` `/Dests` name
    /// tree (what newer writers use); the dictionary wins a name both define.
    fn named_destinations(&self) -> HashMap<&[u8], &Object> {
        let doc = &self.doc;
        let mut found = HashMap::new();
        let Ok(catalog) = doc.catalog() else {
            return found;
        };
        let tree = catalog
            .get(b"Names")
            .ok()
            .and_then(|names| resolve(doc, names)?.as_dict().ok())
            .and_then(|names| names.get(b"Dests").ok());
        let mut pending: Vec<&Object> = tree.into_iter().collect();
        let mut seen = HashSet::new();
        while let Some(node) = pending.pop() {
            if let Object::Reference(id) = node
                && !seen.insert(*id)
            {
                continue;
            }
            let Some(node) = resolve(doc, node).and_then(|n| n.as_dict().ok()) else {
                continue;
            };
            if let Some(pairs) = array_in(doc, node, b"Names") {
                for pair in pairs.chunks_exact(2) {
                    if let Some(key) = resolve(doc, &pair[0]).and_then(|k| k.as_str().ok()) {
                        found.insert(key, &pair[1]);
                    }
                }
            }
            pending.extend(array_in(doc, node, b"Kids").into_iter().flatten());
        }
        if let Some(dests) = catalog
            .get(b"Dests")
            .ok()
            .and_then(|dests| resolve(doc, dests)?.as_dict().ok())
        {
            found.extend(dests.iter().map(|(name, dest)| (name.as_slice(), dest)));
        }
        found
    }

    /// Replaces the outline with one flat level of `(title, 1-based page)`
    /// entries, each opening at the top of its page, and has the viewer show
    /// it: Chromium writes no outline of the parts, and readers of a long
    /// leaflet on screen need one. Entries whose page does not exist are left
    /// out; with none left, the document has no outline.
    pub fn set_outline(&mut self, entries: &[(String, usize)]) {
        let pages: Vec<ObjectId> = self.doc.page_iter().collect();
        let items: Vec<(Object, Object)> = entries
            .iter()
            .filter_map(|(title, page)| {
                let id = *pages.get(page.checked_sub(1)?)?;
                let top = page_box(&self.doc, id).map_or(Object::Null, |b| Object::Real(b[3]));
                let destination = vec![id.into(), "XYZ".into(), Object::Null, top, Object::Null];
                Some((text_string(title), Object::Array(destination)))
            })
            .collect();
        if items.is_empty() {
            if let Ok(catalog) = self.doc.catalog_mut() {
                catalog.remove(b"Outlines");
                if catalog.get(b"PageMode").and_then(Object::as_name).ok() == Some(b"UseOutlines") {
                    catalog.remove(b"PageMode");
                }
            }
            return;
        }
        let root = self.doc.new_object_id();
        let ids: Vec<ObjectId> = items.iter().map(|_| self.doc.new_object_id()).collect();
        for (index, (title, destination)) in items.into_iter().enumerate() {
            let mut item = dictionary! {
                "Title" => title,
                "Parent" => root,
                "Dest" => destination,
            };
            if let Some(previous) = index.checked_sub(1) {
                item.set("Prev", ids[previous]);
            }
            if let Some(&next) = ids.get(index + 1) {
                item.set("Next", next);
            }
            self.doc.objects.insert(ids[index], item.into());
        }
        let (first, last) = (ids[0], ids[ids.len() - 1]);
        let outlines = dictionary! {
            "Type" => "Outlines",
            "First" => first,
            "Last" => last,
            "Count" => ids.len() as i64,
        };
        self.doc.objects.insert(root, outlines.into());
        if let Ok(catalog) = self.doc.catalog_mut() {
            catalog.set("Outlines", root);
            catalog.set("PageMode", "UseOutlines");
        }
    }

    /// Rewrites every link annotation's URI that starts with `from` to start
    /// with `to`: the PDF is printed from a loopback server, and its links
    /// must point at the published site. Returns how many were rewritten.
    pub fn rewrite_links(&mut self, from: &str, to: &str) -> usize {
        let (from, to) = (from.as_bytes(), to.as_bytes());
        let mut count = 0;
        let mut indirect_actions = HashSet::new();
        for object in self.doc.objects.values_mut() {
            count += rewrite_links_in(object, from, to, &mut indirect_actions);
        }
        for id in indirect_actions {
            if let Some(Object::Dictionary(action)) = self.doc.objects.get_mut(&id)
                && rewrite_uri(action, from, to)
            {
                count += 1;
            }
        }
        count
    }

    /// Sets the document's title, which viewers show instead of the file name
    /// (Chromium's is the HTML `<title>` of the printed page).
    pub fn set_title(&mut self, title: &str) {
        let title = text_string(title);
        let info = match self.doc.trailer.get(b"Info") {
            Ok(Object::Reference(id)) => Some(*id),
            _ => None,
        };
        if let Some(Ok(info)) = info.map(|id| self.doc.get_dictionary_mut(id)) {
            info.set("Title", title);
        } else if let Ok(Object::Dictionary(info)) = self.doc.trailer.get_mut(b"Info") {
            info.set("Title", title);
        } else {
            let info = self.doc.add_object(dictionary! { "Title" => title });
            self.doc.trailer.set("Info", info);
        }
    }

    /// The PDF as a file. Takes `&mut` because lopdf's writer updates the
    /// trailer and object count as it writes.
    pub fn to_bytes(&mut self) -> Result<Vec<u8>, String> {
        let mut bytes = Vec::new();
        self.doc
            .save_to(&mut bytes)
            .map_err(|e| format!("cannot write the PDF: {e}"))?;
        Ok(bytes)
    }
}

/// Landscape A4 and A3 in points: the sheets two A5 or two A4 pages fill.
const ISO_SHEETS: [(f32, f32); 2] = [(841.89, 595.28), (1190.55, 841.89)];

/// How far (in points) two pages side by side may be from an ISO sheet to
/// be printed on it.
const SHEET_SNAP: f32 = 4.0;

/// The pages imposed two-up for saddle-stitch binding, in the order of
/// [`booklet_order`], each sheet side twice the width of one page (A5 pages
/// on A4 landscape): printed double-sided (flip on the short edge), folded
/// and stapled, the sheets read 1..n. Links are dropped (they would sit at
/// the wrong places), and so are destinations, outline and structure tree,
/// which point at the single pages.
pub fn booklet(pdf: &Pdf) -> Result<Vec<u8>, String> {
    let mut doc = pdf.doc.clone();
    let pages: Vec<ObjectId> = doc.page_iter().collect();
    let first = *pages.first().ok_or("the PDF has no pages")?;
    let first_box = page_box(&doc, first).map_err(|e| format!("page 1: {e}"))?;
    let (width, height) = (first_box[2] - first_box[0], first_box[3] - first_box[1]);

    // Each page becomes a form XObject, drawn in its slot with a translation.
    let mut forms = Vec::with_capacity(pages.len());
    for (index, &page) in pages.iter().enumerate() {
        let number = index + 1;
        let area = page_box(&doc, page).map_err(|e| format!("page {number}: {e}"))?;
        let (w, h) = (area[2] - area[0], area[3] - area[1]);
        if (w - width).abs() > SIZE_TOLERANCE || (h - height).abs() > SIZE_TOLERANCE {
            return Err(format!(
                "page {number} is {w}×{h} pt and page 1 is {width}×{height} pt: a booklet needs pages of one size"
            ));
        }
        let rotate = inherited(&doc, page, b"Rotate").map(|r| resolve(&doc, r).map(Object::as_i64));
        match rotate {
            None => {}
            Some(Some(Ok(degrees))) if degrees.rem_euclid(360) == 0 => {}
            Some(_) => {
                return Err(format!(
                    "page {number} is rotated, which a booklet cannot place"
                ));
            }
        }
        let form = page_form(&doc, page, area).map_err(|e| format!("page {number}: {e}"))?;
        forms.push((doc.add_object(form), area));
    }

    // Chromium's A5 is 420 × 594.96 pt, so two make a sheet a little off
    // A4: the sheet is the ISO size they nearly fill, the pages centred on it.
    let (sheet_w, sheet_h) = ISO_SHEETS
        .iter()
        .copied()
        .find(|(w, h)| (w - 2.0 * width).abs() <= SHEET_SNAP && (h - height).abs() <= SHEET_SNAP)
        .unwrap_or((2.0 * width, height));
    let (dx, dy) = ((sheet_w - 2.0 * width) / 2.0, (sheet_h - height) / 2.0);
    let tree = doc.new_object_id();
    let order = booklet_order(pages.len());
    let mut sides = Vec::with_capacity(order.len());
    for side in &order {
        let mut content = String::new();
        let mut xobjects = Dictionary::new();
        for (slot, &number) in side.iter().enumerate() {
            if number == 0 {
                continue;
            }
            let (form, area) = forms[number - 1];
            let x = dx + slot as f32 * width - area[0];
            let y = dy - area[1];
            content.push_str(&format!("q 1 0 0 1 {x} {y} cm /P{number} Do Q\n"));
            xobjects.set(format!("P{number}"), form);
        }
        let contents = doc.add_object(Stream::new(Dictionary::new(), content.into_bytes()));
        let media_box: Vec<Object> = vec![0.into(), 0.into(), sheet_w.into(), sheet_h.into()];
        sides.push(Object::Reference(doc.add_object(dictionary! {
            "Type" => "Page",
            "Parent" => tree,
            "MediaBox" => media_box,
            "Resources" => dictionary! { "XObject" => xobjects },
            "Contents" => contents,
        })));
    }
    let tree_dict = dictionary! {
        "Type" => "Pages",
        "Kids" => sides,
        "Count" => order.len() as i64,
    };
    doc.objects.insert(tree, tree_dict.into());

    let root = doc
        .trailer
        .get(b"Root")
        .and_then(Object::as_reference)
        .map_err(|_| "the PDF has no catalog")?;
    let old_catalog = doc
        .get_dictionary(root)
        .map_err(|_| "the PDF has no catalog")?;
    let mut catalog = dictionary! { "Type" => "Catalog", "Pages" => tree };
    for &key in KEPT_CATALOG_KEYS {
        if let Ok(value) = old_catalog.get(key) {
            catalog.set(key, value.clone());
        }
    }
    doc.objects.insert(root, catalog.into());
    // The old pages, their links and the structure tree are now unreachable.
    doc.prune_objects();
    Pdf { doc }.to_bytes()
}

/// The page order of [`booklet`]: for each sheet side, the 1-based pages on
/// its left and right half, 0 for a blank. Blank pages fill the end up to a
/// multiple of 4; sheet `s` (0-based) of `n` pages has `[n-2s | 1+2s]` on the
/// front and `[2+2s | n-1-2s]` on the back, so the outermost sheet carries
/// the covers.
pub fn booklet_order(pages: usize) -> Vec<[usize; 2]> {
    let n = pages.div_ceil(4) * 4;
    let page = |p: usize| if p <= pages { p } else { 0 };
    (0..n / 4)
        .flat_map(|s| {
            [
                [page(n - 2 * s), page(1 + 2 * s)],
                [page(2 + 2 * s), page(n - 1 - 2 * s)],
            ]
        })
        .collect()
}

/// `object`, or the object it refers to; `None` for a dangling reference.
fn resolve<'a>(doc: &'a Document, object: &'a Object) -> Option<&'a Object> {
    doc.dereference(object).ok().map(|(_, object)| object)
}

/// The array at `key` of `dict`, itself maybe behind a reference.
fn array_in<'a>(doc: &'a Document, dict: &'a Dictionary, key: &[u8]) -> Option<&'a Vec<Object>> {
    resolve(doc, dict.get(key).ok()?)?.as_array().ok()
}

/// The page a destination (an array, or a dictionary with one at `/D`)
/// points at.
fn destination_page(doc: &Document, destination: &Object) -> Option<ObjectId> {
    let array = match resolve(doc, destination)? {
        Object::Array(array) => array,
        Object::Dictionary(dict) => array_in(doc, dict, b"D")?,
        _ => return None,
    };
    array.first()?.as_reference().ok()
}

/// The page's value for `key`, unresolved, from the page or else the nearest
/// page tree node above it: `/Resources`, `/MediaBox`, `/CropBox` and
/// `/Rotate` may be set once for many pages.
fn inherited<'a>(doc: &'a Document, page: ObjectId, key: &[u8]) -> Option<&'a Object> {
    let mut node = doc.get_dictionary(page).ok()?;
    for _ in 0..TREE_DEPTH_LIMIT {
        if let Ok(value) = node.get(key) {
            return Some(value);
        }
        node = resolve(doc, node.get(b"Parent").ok()?)?.as_dict().ok()?;
    }
    None
}

/// The visible area of a page, `[left, bottom, right, top]`: its crop box,
/// or else its media box.
fn page_box(doc: &Document, page: ObjectId) -> Result<[f32; 4], String> {
    let value = inherited(doc, page, b"CropBox")
        .or_else(|| inherited(doc, page, b"MediaBox"))
        .ok_or("it has no MediaBox")?;
    let numbers = resolve(doc, value)
        .and_then(|v| v.as_array().ok())
        .filter(|numbers| numbers.len() == 4)
        .ok_or("its MediaBox or CropBox is not four numbers")?;
    let mut corners = [0.0; 4];
    for (corner, number) in corners.iter_mut().zip(numbers) {
        *corner = resolve(doc, number)
            .and_then(|n| n.as_float().ok())
            .ok_or("its MediaBox or CropBox is not four numbers")?;
    }
    let [x0, y0, x1, y1] = corners;
    Ok([x0.min(x1), y0.min(y1), x0.max(x1), y0.max(y1)])
}

/// A page as a form XObject: its content streams as one, its (maybe
/// inherited) resources, clipped to its visible area.
fn page_form(doc: &Document, page: ObjectId, area: [f32; 4]) -> Result<Stream, String> {
    let resources = inherited(doc, page, b"Resources")
        .cloned()
        .unwrap_or_else(|| Dictionary::new().into());
    let bbox: Vec<Object> = area.iter().map(|&v| v.into()).collect();
    let mut dict = dictionary! {
        "Type" => "XObject",
        "Subtype" => "Form",
        "BBox" => bbox,
        "Resources" => resources,
    };
    // A page's transparency group blends its content as one; the form keeps that.
    if let Some(group) = doc
        .get_dictionary(page)
        .ok()
        .and_then(|p| p.get(b"Group").ok())
    {
        dict.set("Group", group.clone());
    }
    let mut form = Stream::new(dict, page_content(doc, page)?);
    form.compress()
        .map_err(|e| format!("cannot compress its content: {e}"))?;
    Ok(form)
}

/// A page's content streams, decompressed and joined: the spec lets a page
/// split its content into several streams at any token boundary.
fn page_content(doc: &Document, page: ObjectId) -> Result<Vec<u8>, String> {
    let Some(contents) = doc
        .get_dictionary(page)
        .ok()
        .and_then(|p| p.get(b"Contents").ok())
    else {
        return Ok(Vec::new());
    };
    let parts: Vec<&Object> = match resolve(doc, contents) {
        Some(Object::Array(parts)) => parts.iter().collect(),
        Some(Object::Null) => Vec::new(),
        Some(single) => vec![single],
        None => return Err("its content is missing".into()),
    };
    let mut content = Vec::new();
    for part in parts {
        let stream = resolve(doc, part)
            .and_then(|s| s.as_stream().ok())
            .ok_or("its content is not a stream")?;
        let data = stream
            .decompressed_content()
            .map_err(|e| format!("cannot decompress its content: {e}"))?;
        content.extend_from_slice(&data);
        content.push(b'\n');
    }
    Ok(content)
}

/// Rewrites the URI actions of the link annotations in `object` and the
/// direct objects inside it; actions in objects of their own go to
/// `indirect_actions`, to be rewritten once each. Returns how many were
/// rewritten.
fn rewrite_links_in(
    object: &mut Object,
    from: &[u8],
    to: &[u8],
    indirect_actions: &mut HashSet<ObjectId>,
) -> usize {
    match object {
        Object::Dictionary(dict) => {
            let mut count = 0;
            if dict.get(b"Subtype").and_then(Object::as_name).ok() == Some(b"Link") {
                match dict.get_mut(b"A") {
                    Ok(Object::Reference(id)) => {
                        indirect_actions.insert(*id);
                    }
                    Ok(Object::Dictionary(action)) => {
                        count += usize::from(rewrite_uri(action, from, to))
                    }
                    _ => {}
                }
            }
            for (key, value) in dict.iter_mut() {
                if key.as_slice() != b"A" {
                    count += rewrite_links_in(value, from, to, indirect_actions);
                }
            }
            count
        }
        Object::Array(items) => items
            .iter_mut()
            .map(|item| rewrite_links_in(item, from, to, indirect_actions))
            .sum(),
        _ => 0,
    }
}

/// Rewrites a URI action's address if it starts with `from`.
fn rewrite_uri(action: &mut Dictionary, from: &[u8], to: &[u8]) -> bool {
    if action.get(b"S").and_then(Object::as_name).ok() != Some(b"URI") {
        return false;
    }
    match action.get_mut(b"URI") {
        Ok(Object::String(uri, _)) if uri.starts_with(from) => {
            uri.splice(..from.len(), to.iter().copied());
            true
        }
        _ => false,
    }
}

#[cfg(test)]
mod tests;
