//! PDF output with krilla: fonts embedded and subset, every glyph mapped
//! back to its text so the PDF can be searched and copied.
//!
//! krilla was chosen over Typst-as-a-library because it is a fraction of
//! the build (no compiler, no layout engine we would not use) while still
//! doing the hard parts: font embedding with ToUnicode maps, subsetting and
//! images. Shaping is rustybuzz (the same version krilla uses, so it is
//! built once) and bidi is unicode-bidi, both driven from `shape`.

pub mod layout;
pub mod shape;

use krilla::Document as PdfDocument;
use krilla::color::luma;
use krilla::geom::{PathBuilder, Point, Rect, Size, Transform};
use krilla::image::Image;
use krilla::metadata::Metadata;
use krilla::num::NormalizedF32;
use krilla::page::PageSettings;
use krilla::paint::{Fill, FillRule};

use super::document::Document;
use super::fonts::{self, FontChains, FontFile};
use super::view::View;
use super::{PrintError, PrintSettings};
use crate::vocab::Paper;

use layout::{Fonts, Geometry, Op};
use shape::Face;

/// Page size in points.
#[must_use]
pub fn paper_size(paper: Paper) -> (f32, f32) {
    match paper {
        Paper::A4 => (595.28, 841.89),
        Paper::Letter => (612.0, 792.0),
    }
}

/// Renders the document to PDF bytes.
pub fn render(
    view: &View,
    doc: &Document,
    settings: &PrintSettings,
) -> Result<Vec<u8>, PrintError> {
    let arabic = view.rtl || has_arabic(doc);
    let chains = fonts::load(&settings.fonts, arabic)?;
    let fonts = faces(&chains)?;
    let logo = match &doc.seller.logo {
        Some(path) => Some(load_logo(path)?),
        None => None,
    };
    let (width, height) = paper_size(settings.paper);
    let geo = Geometry {
        width,
        height,
        margin: 40.0,
    };
    let pages = layout::layout(view, &fonts, geo, logo.as_ref().map(Image::size));
    write(&pages, &fonts, geo, logo, view)
}

fn has_arabic(doc: &Document) -> bool {
    let texts = [
        &doc.seller.name,
        &doc.seller.address,
        &doc.buyer.name,
        &doc.buyer.address,
        &doc.notes,
    ];
    texts.iter().any(|t| t.chars().any(shape::is_arabic))
        || doc.lines.iter().any(|l| {
            l.description.chars().any(shape::is_arabic) || l.unit.chars().any(shape::is_arabic)
        })
}

fn faces(chains: &FontChains) -> Result<Fonts, PrintError> {
    let convert = |files: &[FontFile]| -> Result<Vec<Face>, PrintError> {
        files
            .iter()
            .map(|file| {
                Face::new(file.clone()).ok_or_else(|| PrintError::FontUnreadable {
                    path: file.path.display().to_string(),
                    message: "the PDF writer cannot read this font".to_owned(),
                })
            })
            .collect()
    };
    Ok(Fonts {
        regular: convert(&chains.regular)?,
        bold: convert(&chains.bold)?,
    })
}

fn load_logo(path: &std::path::Path) -> Result<Image, PrintError> {
    let error = |message: String| PrintError::Logo {
        path: path.display().to_string(),
        message,
    };
    let data = std::fs::read(path).map_err(|err| error(err.to_string()))?;
    if data.starts_with(b"\x89PNG") {
        Image::from_png(data.into(), true).map_err(error)
    } else if data.starts_with(&[0xFF, 0xD8]) {
        Image::from_jpeg(data.into(), true).map_err(error)
    } else {
        Err(error("it is neither PNG nor JPEG".to_owned()))
    }
}

fn write(
    pages: &[Vec<Op>],
    fonts: &Fonts,
    geo: Geometry,
    logo: Option<Image>,
    view: &View,
) -> Result<Vec<u8>, PrintError> {
    let mut pdf = PdfDocument::new();
    pdf.set_metadata(
        Metadata::new()
            .title(format!("{} {}", view.title, view.number))
            .language(view.lang.clone())
            .creator("kariz".to_owned()),
    );
    let settings = PageSettings::from_wh(geo.width, geo.height)
        .ok_or_else(|| PrintError::Pdf("the paper size is empty".to_owned()))?;
    for ops in pages {
        let mut page = pdf.start_page_with(settings.clone());
        let mut surface = page.surface();
        for op in ops {
            match op {
                Op::Text { x, y, text, bold } => {
                    let chain = if *bold { &fonts.bold } else { &fonts.regular };
                    let mut x = *x;
                    for run in &text.runs {
                        if let Some(face) = chain.get(run.face) {
                            surface.draw_glyphs(
                                Point::from_xy(x, *y),
                                &run.glyphs,
                                face.font.clone(),
                                &run.text,
                                text.size,
                                false,
                            );
                        }
                        x += run.width;
                    }
                }
                Op::Fill { x, y, w, h, gray } => {
                    let mut builder = PathBuilder::new();
                    if let Some(rect) = Rect::from_xywh(*x, *y, *w, *h) {
                        builder.push_rect(rect);
                    }
                    if let Some(path) = builder.finish() {
                        surface.set_fill(Some(Fill {
                            paint: luma::Color::new(*gray).into(),
                            opacity: NormalizedF32::ONE,
                            rule: FillRule::default(),
                        }));
                        surface.draw_path(&path);
                        surface.set_fill(None);
                    }
                }
                Op::Logo { x, y, w, h } => {
                    if let (Some(image), Some(size)) = (&logo, Size::from_wh(*w, *h)) {
                        surface.push_transform(&Transform::from_translate(*x, *y));
                        surface.draw_image(image.clone(), size);
                        surface.pop();
                    }
                }
            }
        }
        surface.finish();
        page.finish();
    }
    pdf.finish()
        .map_err(|err| PrintError::Pdf(format!("{err:?}")))
}
