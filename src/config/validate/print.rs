//! `[print]`: paper keyword and paths. Whether the font and logo files
//! exist is checked when printing (a shared config may name files that
//! only the printing machine has), with an error naming the file.

use std::path::PathBuf;

use toml::Spanned;

use super::Ctx;
use crate::config::error::ConfigError;
use crate::config::raw::RawPrint;
use crate::config::types::{PrintConfig, SellerConfig};
use crate::vocab::Paper;

pub(super) fn print(raw: Option<RawPrint>, ctx: &Ctx<'_>) -> Result<PrintConfig, ConfigError> {
    let Some(raw) = raw else {
        return Ok(PrintConfig::default());
    };
    let path =
        |value: &Option<Spanned<String>>, key: &str| -> Result<Option<PathBuf>, ConfigError> {
            match value {
                None => Ok(None),
                Some(v) if v.get_ref().trim().is_empty() => Err(ctx.error(
                    v.span(),
                    key,
                    "an empty path; write the path of the file, or remove the line",
                )),
                Some(v) => Ok(Some(PathBuf::from(v.get_ref()))),
            }
        };
    let seller = match raw.seller {
        None => SellerConfig::default(),
        Some(s) => SellerConfig {
            name: s.name.unwrap_or_default(),
            address: s.address.unwrap_or_default(),
            phone: s.phone.unwrap_or_default(),
            registration_number: s.registration_number.unwrap_or_default(),
            economic_code: s.economic_code.unwrap_or_default(),
            logo: path(&s.logo, "print.seller.logo")?,
        },
    };
    Ok(PrintConfig {
        paper: ctx.keyword_or::<Paper>(raw.paper.as_ref(), "print.paper", "paper", Paper::A4)?,
        font: path(&raw.font, "print.font")?,
        font_bold: path(&raw.font_bold, "print.font_bold")?,
        templates: path(&raw.templates, "print.templates")?,
        seller,
    })
}

#[cfg(test)]
mod tests {
    use crate::config::Config;
    use crate::vocab::Paper;

    #[test]
    fn print_section_defaults_and_values() {
        let config = Config::parse("", "t").unwrap();
        assert_eq!(config.print.paper, Paper::A4);
        assert!(config.print.font.is_none());
        let config = Config::parse(
            "[print]\npaper = \"letter\"\nfont = \"fonts/V.ttf\"\n[print.seller]\nname = \"کاریز\"\nlogo = \"logo.png\"\n",
            "t",
        )
        .unwrap();
        assert_eq!(config.print.paper, Paper::Letter);
        assert_eq!(
            config.print.font.as_deref(),
            Some(std::path::Path::new("fonts/V.ttf"))
        );
        assert_eq!(config.print.seller.name, "کاریز");
        assert_eq!(
            config.print.seller.logo.as_deref(),
            Some(std::path::Path::new("logo.png"))
        );
    }

    #[test]
    fn print_errors_name_the_key() {
        let err = Config::parse("[print]\npaper = \"a3\"\n", "t")
            .unwrap_err()
            .to_string();
        assert!(
            err.contains("print.paper") && err.contains("a4 or letter"),
            "{err}"
        );
        let err = Config::parse("[print]\nfont = \" \"\n", "t")
            .unwrap_err()
            .to_string();
        assert!(
            err.contains("print.font") && err.contains("empty path"),
            "{err}"
        );
        let err = Config::parse("[print.seller]\nfax = \"1\"\n", "t")
            .unwrap_err()
            .to_string();
        assert!(err.contains("fax"), "{err}");
    }
}
