//! clap's `ValueEnum` for the library's enums that appear as option values,
//! so clap stays in `cli/` and no enum is copied to avoid it.

use clap::ValueEnum;
use clap::builder::PossibleValue;

use crate::diagnostic::DiagnosticFormat;
use crate::model::RankModel;
use crate::schema::SchemaKind;

impl ValueEnum for RankModel {
    fn value_variants<'a>() -> &'a [Self] {
        &[Self::Evidence, Self::Rice, Self::Wsjf, Self::Ice]
    }

    fn to_possible_value(&self) -> Option<PossibleValue> {
        let help = match self {
            Self::Evidence => "(business + k × users) × confidence ÷ effort (the default)",
            Self::Rice => "Intercom's reach × impact × confidence ÷ effort",
            Self::Wsjf => "SAFe's cost of delay ÷ job size",
            Self::Ice => "impact × confidence × ease",
        };
        Some(PossibleValue::new(self.name()).help(help))
    }
}

impl ValueEnum for DiagnosticFormat {
    fn value_variants<'a>() -> &'a [Self] {
        &[Self::Human, Self::Short, Self::Json, Self::Github]
    }

    fn to_possible_value(&self) -> Option<PossibleValue> {
        Some(match self {
            Self::Human => PossibleValue::new("human")
                .help("Code frames with a caret under the problem, for people"),
            Self::Short => PossibleValue::new("short")
                .help("One `path:line:col: severity: message` line each, for editors"),
            Self::Json => PossibleValue::new("json").help("A JSON array, for tools"),
            Self::Github => PossibleValue::new("github")
                .help("GitHub Actions workflow commands, which annotate the pull request"),
        })
    }
}

impl ValueEnum for SchemaKind {
    fn value_variants<'a>() -> &'a [Self] {
        &SchemaKind::ALL
    }

    fn to_possible_value(&self) -> Option<PossibleValue> {
        let help = match self {
            Self::Item => "items/*.md",
            Self::Goal => "goals/*.md",
            Self::Feedback => "feedback/**/*.md",
            Self::Config => "rankdown.yaml",
        };
        Some(PossibleValue::new(self.name()).help(help))
    }
}

#[cfg(test)]
mod tests {
    use clap::ValueEnum;

    use crate::diagnostic::DiagnosticFormat;
    use crate::schema::SchemaKind;

    #[test]
    fn every_model_is_a_value() {
        use crate::model::{Keyword, RankModel};
        let words: Vec<String> = RankModel::value_variants()
            .iter()
            .map(|m| m.to_possible_value().expect("shown").get_name().to_owned())
            .collect();
        assert_eq!(words, RankModel::words());
    }

    #[test]
    fn every_variant_has_a_distinct_word() {
        let words: Vec<String> = DiagnosticFormat::value_variants()
            .iter()
            .map(|f| f.to_possible_value().expect("shown").get_name().to_owned())
            .collect();
        assert_eq!(words, ["human", "short", "json", "github"]);
        for kind in SchemaKind::ALL {
            assert_eq!(
                SchemaKind::from_str(kind.name(), false).ok(),
                Some(kind),
                "{}",
                kind.name()
            );
        }
    }
}
