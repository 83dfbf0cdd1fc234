//! What search knows of a language: its stop words, its affixes and its
//! stemmer. The one home of the lists: the index ships the stop words and
//! affixes to `search.js`, so the browser drops the same words and strips the
//! same affixes as the build. Pure.

use std::borrow::Cow;

use snowball_stemmers_rs::{Algorithm, Stemmer};

/// Words too common to narrow a search (normalized: lowercase, no accents).
/// They are indexed only where they are in a title, so a query of nothing
/// else still finds something; in a longer query they are left out. Besides
/// function words, the Indonesian list holds the words a question is put in
/// ("cara kerja di jepang", "bagaimana …"): they say nothing of the page wanted.
const STOP_ID: &[&str] = &[
    "ada",
    "adalah",
    "agar",
    "akan",
    "aku",
    "anda",
    "apa",
    "apakah",
    "atau",
    "bagaimana",
    "bagi",
    "bahwa",
    "bisa",
    "boleh",
    "cara",
    "dalam",
    "dan",
    "dari",
    "dengan",
    "di",
    "dia",
    "hal",
    "harus",
    "ini",
    "itu",
    "jika",
    "juga",
    "kalau",
    "kami",
    "kamu",
    "karena",
    "ke",
    "kita",
    "mau",
    "mereka",
    "oleh",
    "pada",
    "saja",
    "saya",
    "sebagai",
    "secara",
    "sudah",
    "supaya",
    "tentang",
    "untuk",
    "yang",
];
const STOP_EN: &[&str] = &[
    "a", "about", "an", "and", "are", "as", "at", "be", "by", "can", "do", "does", "for", "from",
    "how", "i", "if", "in", "into", "is", "it", "its", "my", "of", "on", "or", "that", "the",
    "their", "there", "this", "to", "was", "what", "when", "where", "which", "who", "will", "with",
    "you", "your",
];

/// Affixes `search.js` strips from a query word to find its stem when the
/// site never uses that form ("melatih" when pages say "pelatihan"):
/// `affix` or `affix>replacement` (a nasal prefix stands for a lost first
/// letter: "penipuan" is pe(N)- + "tipu"). Suffixes are stripped first,
/// up to three, then prefixes, up to two, as Snowball's Indonesian stemmer
/// does (particle, possessive, derivational suffix; two prefix orders).
const PREFIXES_ID: &[&str] = &[
    "meng", "meng>k", "meny>s", "men", "men>t", "mem", "mem>p", "me", "peng", "peng>k", "peny>s",
    "pen", "pen>t", "pem", "pem>p", "per", "pe", "ber", "be", "bel", "pel", "di", "ter", "ke",
];
const SUFFIXES_ID: &[&str] = &["kah", "lah", "pun", "ku", "mu", "nya", "kan", "an", "i"];
const SUFFIXES_EN: &[&str] = &[
    "s", "es", "ies>y", "ed", "ed>e", "ing", "ing>e", "ly", "er", "ers", "ment", "ments", "ion",
    "ions", "ation>e", "ations>e",
];

/// A language's stemmer, stop words and affixes: Indonesian and English;
/// other languages keep words whole and have none.
pub struct Language {
    stemmer: Option<Stemmer>,
    pub stop_words: &'static [&'static str],
    pub prefixes: &'static [&'static str],
    pub suffixes: &'static [&'static str],
}

impl Language {
    pub fn new(lang: &str) -> Self {
        let (algorithm, stop_words, prefixes, suffixes): (_, _, &[&str], _) = match lang {
            // Malay is close enough to Indonesian that its stemmer, stop
            // words and affixes serve (Snowball has no Malay of its own).
            "id" | "ms" => (
                Some(Algorithm::Indonesian),
                STOP_ID,
                PREFIXES_ID,
                SUFFIXES_ID,
            ),
            "en" => (Some(Algorithm::English), STOP_EN, &[], SUFFIXES_EN),
            _ => (None, &[], &[], &[]),
        };
        Language {
            stemmer: algorithm.map(Stemmer::create),
            stop_words,
            prefixes,
            suffixes,
        }
    }

    /// The stem of a normalized word.
    pub fn stem<'w>(&self, word: &'w str) -> Cow<'w, str> {
        match &self.stemmer {
            Some(s) => s.stem(word),
            None => word.into(),
        }
    }

    pub fn is_stop_word(&self, word: &str) -> bool {
        self.stop_words.binary_search(&word).is_ok()
    }

    /// The roots a nasal prefix hides, which Snowball cannot see: it takes
    /// "penipuan" to "ipu" and "mengirim" to "irim", where readers type
    /// "tipu" and "kirim". Each is stemmed like any word, so it meets the
    /// word's other forms ("tipuan" → "tipu"). Only rules that replace a
    /// prefix before a vowel, as `search.js` applies them.
    pub fn hidden_roots(&self, word: &str) -> Vec<String> {
        let mut roots = Vec::new();
        for rule in self.prefixes {
            let Some((prefix, letter)) = rule.split_once('>') else {
                continue;
            };
            let Some(rest) = word.strip_prefix(prefix) else {
                continue;
            };
            if rest.starts_with(['a', 'e', 'i', 'o', 'u']) {
                let root = self.stem(&format!("{letter}{rest}")).into_owned();
                if root != self.stem(word) && !roots.contains(&root) {
                    roots.push(root);
                }
            }
        }
        roots
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn the_lists_are_sorted_for_binary_search() {
        for list in [STOP_ID, STOP_EN] {
            assert!(list.windows(2).all(|w| w[0] < w[1]), "{list:?}");
        }
        assert!(Language::new("id").is_stop_word("di"));
        assert!(!Language::new("id").is_stop_word("jepang"));
        assert!(Language::new("en").is_stop_word("the"));
    }

    /// What Snowball really does with the forms readers type: it joins the
    /// forms the site uses with each other, but a nasal prefix loses the
    /// root's first letter, which `hidden_roots` puts back.
    #[test]
    fn snowball_joins_word_forms_but_loses_nasalized_roots() {
        let id = Language::new("id");
        for word in ["melatih", "dilatih", "pelatihan", "latihan"] {
            assert_eq!(id.stem(word), "latih", "{word}");
        }
        for word in [
            "berangkat",
            "keberangkatan",
            "berangkatkan",
            "memberangkatkan",
        ] {
            assert_eq!(id.stem(word), "angkat", "{word}");
        }
        for word in ["aduan", "pengaduan", "mengadu"] {
            assert_eq!(id.stem(word), "adu", "{word}");
        }
        // Two vowels are too short to stem: "tipu" stays, "penipuan" loses its t.
        assert_eq!(id.stem("tipu"), "tipu");
        assert_eq!(id.stem("penipuan"), "ipu");
        assert_eq!(id.stem("menipu"), "ipu");
        assert_eq!(id.hidden_roots("penipuan"), ["tipu"]);
        assert_eq!(id.stem("mengirim"), "irim");
        assert!(id.hidden_roots("mengirim").contains(&"kirim".to_string()));
        // mem- before a vowel is p- already in Snowball: nothing is hidden.
        assert_eq!(id.stem("memakai"), id.stem("pakai"));
        assert!(id.hidden_roots("memakai").is_empty());
        assert!(id.hidden_roots("jepang").is_empty());
    }

    #[test]
    fn indonesian_forms_of_a_word_share_a_stem() {
        let id = Language::new("id");
        for word in ["bekerja", "pekerja", "pekerjaan", "kerja"] {
            assert_eq!(id.stem(word), "kerja", "{word}");
        }
        let en = Language::new("en");
        assert_eq!(en.stem("working"), en.stem("works"));
        assert_eq!(en.stem("trained"), "train");
        // Other languages keep words whole.
        assert_eq!(Language::new("jv").stem("nyambut"), "nyambut");
    }
}
