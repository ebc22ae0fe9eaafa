//! The vocabulary shared by every layer: the closed sets of keywords the
//! config file accepts (`kind = "open"`, `language = "fa"`, ...). It sits
//! below `config`, `model`, `text` and `locale`, and depends on nothing in
//! the crate, so those modules can name a `Language` or a `BidiMode`
//! without importing each other (`config` re-exports these).
//!
//! A macro generates them so that the keyword spelling, the serde name,
//! `as_str()` and the list used in "allowed: ..." messages cannot drift apart.

/// A keyword enum: lets the validator parse any of them with one helper and
/// list every allowed spelling in its error messages.
pub(crate) trait Keyword: Copy + 'static {
    /// Every value, in the order error messages list them.
    const VALUES: &'static [Self];
    /// The spelling used in the config file.
    fn keyword(self) -> &'static str;
}

macro_rules! keyword_enum {
    (
        $(#[$meta:meta])*
        $name:ident { $( $(#[$vmeta:meta])* $variant:ident => $kw:literal ),+ $(,)? }
    ) => {
        $(#[$meta])*
        #[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, serde::Serialize, serde::Deserialize)]
        pub enum $name {
            $( $(#[$vmeta])* #[serde(rename = $kw)] $variant, )+
        }

        impl $name {
            /// Every value, in the order the config documentation lists them.
            pub const ALL: &'static [$name] = &[$($name::$variant),+];

            /// The keyword for this value in the config file (lower case).
            pub fn as_str(self) -> &'static str {
                match self {
                    $($name::$variant => $kw,)+
                }
            }

            /// Parses the exact config keyword; `None` for anything else.
            pub fn from_keyword(text: &str) -> Option<Self> {
                Self::ALL.iter().copied().find(|value| value.as_str() == text)
            }
        }

        impl std::fmt::Display for $name {
            fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
                f.write_str(self.as_str())
            }
        }

        impl Keyword for $name {
            const VALUES: &'static [Self] = $name::ALL;
            fn keyword(self) -> &'static str {
                self.as_str()
            }
        }
    };
}

keyword_enum! {
    /// Language of the user interface (`display.language`).
    Language {
        /// English.
        En => "en",
        /// Persian (Farsi).
        Fa => "fa",
        /// Arabic.
        Ar => "ar",
    }
}

keyword_enum! {
    /// Calendar used to show and enter dates (`display.calendar`).
    Calendar {
        /// The Gregorian calendar.
        Gregorian => "gregorian",
        /// The Persian solar (Jalali) calendar.
        Jalali => "jalali",
    }
}

keyword_enum! {
    /// Digit glyphs used to show numbers (`display.digits`).
    Digits {
        /// 0123456789.
        Latin => "latin",
        /// Extended Arabic-Indic digits as used in Persian.
        Persian => "persian",
        /// Arabic-Indic digits.
        Arabic => "arabic",
    }
}

keyword_enum! {
    /// Who performs bidirectional text layout (`display.bidi`).
    BidiMode {
        /// kariz reorders right-to-left text itself.
        App => "app",
        /// The terminal already does bidi layout; kariz keeps logical order.
        Terminal => "terminal",
    }
}

keyword_enum! {
    /// Whether a pipeline stage is still in progress or closes the deal.
    StageKind {
        /// The deal is still in progress.
        Open => "open",
        /// The deal closed successfully.
        Won => "won",
        /// The deal closed unsuccessfully.
        Lost => "lost",
    }
}

keyword_enum! {
    /// The kind of record a custom field belongs to.
    FieldEntity {
        /// A contact person.
        Person => "person",
        /// A company (organisation).
        Company => "company",
        /// A deal in a pipeline.
        Deal => "deal",
    }
}

keyword_enum! {
    /// The kind of value a custom field holds.
    FieldType {
        /// Free text.
        Text => "text",
        /// An integer or decimal number.
        Number => "number",
        /// A calendar date, stored as `YYYY-MM-DD`.
        Date => "date",
        /// One value out of a declared list of choices.
        Choice => "choice",
    }
}

keyword_enum! {
    /// Paper size of printed documents (`print.paper`).
    #[derive(Default)]
    Paper {
        /// ISO A4, 210 × 297 mm.
        #[default]
        A4 => "a4",
        /// US Letter, 8.5 × 11 in.
        Letter => "letter",
    }
}

keyword_enum! {
    /// How urgent a support case is; each has its own SLA targets.
    CasePriority {
        /// Can wait.
        Low => "low",
        /// The default.
        Normal => "normal",
        /// Needs attention soon.
        High => "high",
        /// Something is down.
        Urgent => "urgent",
    }
}

keyword_enum! {
    /// How a support case reached the team.
    CaseChannel {
        /// A phone call.
        Call => "call",
        /// An e-mail.
        Email => "email",
        /// The customer came in person.
        WalkIn => "walk_in",
        /// A text message.
        Sms => "sms",
        /// A web form.
        Web => "web",
    }
}

keyword_enum! {
    /// What a status of the case workflow means for the SLA clocks.
    CaseStatusKind {
        /// Being worked on: the clocks run unless the status pauses them.
        Active => "active",
        /// Solved: the resolution clock stops; the case can still reopen.
        Resolved => "resolved",
        /// Finished: closing may record the customer's satisfaction.
        Closed => "closed",
    }
}
