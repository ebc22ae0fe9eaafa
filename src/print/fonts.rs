//! Finding the fonts a PDF is set in.
//!
//! A PDF embeds its fonts, so kariz needs font files: the ones set in the
//! config (`[print] font`, `font_bold`), else well-known files found in the
//! usual font folders. Arabic script needs a font with Arabic glyphs and
//! shaping tables (Noto Naskh Arabic from Debian's fonts-noto-core, or
//! Vazirmatn, or Nazli from fonts-farsiweb); Latin text and digits use
//! Noto Sans (or DejaVu / Liberation Sans). Each character is set in the
//! first font of the chain that has a glyph for it.

use std::path::{Path, PathBuf};
use std::sync::Arc;

use super::PrintError;

/// Environment variable: folders (separated like `PATH`) searched for fonts
/// instead of the usual ones. For tests and unusual systems.
pub const FONT_DIRS_ENV: &str = "KARIZ_FONT_DIRS";

/// Well-known Arabic-script fonts, best first: (regular, bold).
const ARABIC: &[(&str, &str)] = &[
    ("NotoNaskhArabic-Regular.ttf", "NotoNaskhArabic-Bold.ttf"),
    ("NotoSansArabic-Regular.ttf", "NotoSansArabic-Bold.ttf"),
    ("Vazirmatn-Regular.ttf", "Vazirmatn-Bold.ttf"),
    ("nazli.ttf", "nazlibd.ttf"),
];

/// Well-known Latin fonts, best first: (regular, bold).
const LATIN: &[(&str, &str)] = &[
    ("NotoSans-Regular.ttf", "NotoSans-Bold.ttf"),
    ("DejaVuSans.ttf", "DejaVuSans-Bold.ttf"),
    ("LiberationSans-Regular.ttf", "LiberationSans-Bold.ttf"),
    ("Arial.ttf", "Arial Bold.ttf"),
];

/// The fonts set in the config, if any.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct FontSettings {
    /// Regular text; replaces the system search when set.
    pub font: Option<PathBuf>,
    /// Bold text (headings, totals); `font` when unset.
    pub font_bold: Option<PathBuf>,
}

/// A loaded font file.
#[derive(Clone)]
pub struct FontFile {
    /// Where it was read from (for messages).
    pub path: PathBuf,
    /// Its bytes, shared with the PDF writer.
    pub data: Arc<Vec<u8>>,
}

impl std::fmt::Debug for FontFile {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        write!(f, "FontFile({})", self.path.display())
    }
}

/// The fallback chains for regular and bold text.
#[derive(Debug, Clone)]
pub struct FontChains {
    /// Regular text, first choice first.
    pub regular: Vec<FontFile>,
    /// Bold text, first choice first.
    pub bold: Vec<FontFile>,
}

/// The folders searched for fonts: `KARIZ_FONT_DIRS` when set, else the
/// usual system and user font folders.
#[must_use]
pub fn font_dirs() -> Vec<PathBuf> {
    if let Some(value) = std::env::var_os(FONT_DIRS_ENV) {
        return std::env::split_paths(&value).collect();
    }
    let mut dirs: Vec<PathBuf> = [
        "/usr/share/fonts",
        "/usr/local/share/fonts",
        "/Library/Fonts",
        "/System/Library/Fonts",
        "C:\\Windows\\Fonts",
    ]
    .iter()
    .map(PathBuf::from)
    .collect();
    if let Some(data) = std::env::var_os("XDG_DATA_HOME") {
        dirs.push(PathBuf::from(data).join("fonts"));
    }
    if let Some(home) = std::env::var_os("HOME") {
        let home = PathBuf::from(home);
        dirs.push(home.join(".local/share/fonts"));
        dirs.push(home.join(".fonts"));
        dirs.push(home.join("Library/Fonts"));
    }
    dirs
}

/// Loads the fonts for a document. `arabic` says whether the text has
/// Arabic script (Persian and Arabic documents always do).
pub fn load(settings: &FontSettings, arabic: bool) -> Result<FontChains, PrintError> {
    let dirs = font_dirs();
    let found = |names: &[(&str, &str)], bold: bool| -> Option<PathBuf> {
        names.iter().find_map(|&(regular, heavy)| {
            let name = if bold { heavy } else { regular };
            find_file(&dirs, name)
        })
    };
    let arabic_regular = found(ARABIC, false);
    let latin_regular = found(LATIN, false);
    if settings.font.is_none() {
        if arabic && arabic_regular.is_none() {
            return Err(missing(
                "an Arabic-script font (Noto Naskh Arabic, Noto Sans Arabic, Vazirmatn or Nazli)",
                "fonts-noto-core (or fonts-farsiweb)",
                &dirs,
            ));
        }
        if latin_regular.is_none() {
            return Err(missing(
                "a Latin font (Noto Sans, DejaVu Sans or Liberation Sans)",
                "fonts-noto-core (or fonts-dejavu-core)",
                &dirs,
            ));
        }
    }
    let arabic_bold = found(ARABIC, true).or_else(|| arabic_regular.clone());
    let latin_bold = found(LATIN, true).or_else(|| latin_regular.clone());

    let chain = |first: Option<&PathBuf>,
                 rest: [Option<PathBuf>; 2]|
     -> Result<Vec<FontFile>, PrintError> {
        let mut out = Vec::new();
        if let Some(path) = first {
            out.push(read(path)?);
        }
        // The system fonts only fill in glyphs the configured font lacks;
        // one that does not load is skipped rather than failing the print.
        out.extend(rest.into_iter().flatten().filter_map(|p| read(&p).ok()));
        Ok(out)
    };
    let regular = chain(settings.font.as_ref(), [arabic_regular, latin_regular])?;
    let bold = chain(
        settings.font_bold.as_ref().or(settings.font.as_ref()),
        [arabic_bold, latin_bold],
    )?;
    Ok(FontChains { regular, bold })
}

fn missing(what: &str, package: &str, dirs: &[PathBuf]) -> PrintError {
    let looked = dirs
        .iter()
        .map(|d| d.display().to_string())
        .collect::<Vec<_>>()
        .join(", ");
    PrintError::FontMissing {
        what: what.to_owned(),
        package: package.to_owned(),
        looked,
    }
}

/// Reads and checks one font file.
pub fn read(path: &Path) -> Result<FontFile, PrintError> {
    let unreadable = |message: String| PrintError::FontUnreadable {
        path: path.display().to_string(),
        message,
    };
    let data = std::fs::read(path).map_err(|err| unreadable(err.to_string()))?;
    if rustybuzz::Face::from_slice(&data, 0).is_none() {
        return Err(unreadable(
            "it is not a TrueType or OpenType font kariz can read".to_owned(),
        ));
    }
    Ok(FontFile {
        path: path.to_owned(),
        data: Arc::new(data),
    })
}

/// The first file called `name` under any of `dirs` (searched a few levels
/// deep, as font packages nest folders by foundry).
fn find_file(dirs: &[PathBuf], name: &str) -> Option<PathBuf> {
    dirs.iter().find_map(|dir| find_in(dir, name, 5))
}

fn find_in(dir: &Path, name: &str, depth: u8) -> Option<PathBuf> {
    let direct = dir.join(name);
    if direct.is_file() {
        return Some(direct);
    }
    if depth == 0 {
        return None;
    }
    let mut subdirs: Vec<PathBuf> = std::fs::read_dir(dir)
        .ok()?
        .filter_map(Result::ok)
        .map(|entry| entry.path())
        .filter(|path| path.is_dir())
        .collect();
    // Sorted so the same system always picks the same file.
    subdirs.sort();
    subdirs.iter().find_map(|sub| find_in(sub, name, depth - 1))
}
