//! The item fields of the scoring frameworks teams already use: RICE's
//! `reach:` and `impact:`, `wsjf: {…}` and `ice: {…}` (docs/formats.md). Each
//! replaces the term its model would otherwise derive; other models ignore it.

use super::fields::{Bounds, Field, FieldKind, Fields, names};
use crate::model::{FIBONACCI, FrameworkInputs, IceInputs, RICE_IMPACT, WsjfInputs};

/// `reach:`: any count, bounded so that every score stays finite.
pub const REACH: Bounds = Bounds {
    min: 0.0,
    above: false,
    max: 1e12,
};

/// ICE's terms: 1 to 10.
pub const ICE_SCALE: Bounds = Bounds {
    min: 1.0,
    above: false,
    max: 10.0,
};

/// The steps of [`RICE_IMPACT`], largest first.
const RICE_STEPS: &[f64] = &[3.0, 2.0, 1.0, 0.5, 0.25];

const FIBONACCI_KIND: FieldKind = FieldKind::Scale {
    steps: FIBONACCI,
    words: &[],
};

/// The item fields of this module, in the order `ITEM_FIELDS` lists them.
pub const ITEM_FIELDS: [Field; 4] = [
    Field::new(
        "reach",
        FieldKind::Weight(REACH),
        "RICE: the people or events the item reaches per quarter; the distinct people behind its feedback when absent",
    ),
    Field::new(
        "impact",
        FieldKind::Scale {
            steps: RICE_STEPS,
            words: RICE_IMPACT,
        },
        "RICE: impact per person, 3 (massive), 2 (high), 1 (medium), 0.5 (low) or 0.25 (minimal); from the item's strongest goal impact when absent",
    ),
    Field::new(
        "wsjf",
        FieldKind::Map(WSJF_FIELDS),
        "WSJF: any of value, time, rr_oe and size, each on 1, 2, 3, 5, 8, 13, 20; derived when absent",
    ),
    Field::new(
        "ice",
        FieldKind::Map(ICE_FIELDS),
        "ICE: any of impact, confidence and ease, each from 1 to 10; derived when absent",
    ),
];

pub const WSJF_FIELDS: &[Field] = &[
    Field::new(
        "value",
        FIBONACCI_KIND,
        "User-business value (1, 2, 3, 5, 8, 13, 20)",
    ),
    Field::new(
        "time",
        FIBONACCI_KIND,
        "Time criticality (1, 2, 3, 5, 8, 13, 20)",
    ),
    Field::new(
        "rr_oe",
        FIBONACCI_KIND,
        "Risk reduction and opportunity enablement (1, 2, 3, 5, 8, 13, 20)",
    ),
    Field::new("size", FIBONACCI_KIND, "Job size (1, 2, 3, 5, 8, 13, 20)"),
];

pub const ICE_FIELDS: &[Field] = &[
    Field::new("impact", FieldKind::Weight(ICE_SCALE), "Impact, 1 to 10"),
    Field::new(
        "confidence",
        FieldKind::Weight(ICE_SCALE),
        "Confidence, 1 to 10",
    ),
    Field::new("ease", FieldKind::Weight(ICE_SCALE), "Ease, 1 to 10"),
];

/// Reads the framework fields of an item's front matter.
pub fn inputs(fields: &mut Fields<'_>) -> FrameworkInputs {
    let reach = fields
        .number("reach")
        .and_then(|n| match REACH.problem(n.value) {
            Some(problem) => {
                fields.error(n.pos, format!("reach {problem}"));
                None
            }
            None => Some(n.value),
        });
    let impact = fields
        .get("impact")
        .and_then(|node| fields.scale_of("impact", node, RICE_STEPS, RICE_IMPACT));
    let mut wsjf = WsjfInputs::default();
    if let Some(node) = fields.get("wsjf") {
        let mut inner = Fields::new(node, fields.path(), &names(WSJF_FIELDS), "wsjf");
        for (key, slot) in [
            ("value", &mut wsjf.value),
            ("time", &mut wsjf.time),
            ("rr_oe", &mut wsjf.rr_oe),
            ("size", &mut wsjf.size),
        ] {
            if let Some(node) = inner.get(key) {
                *slot = inner.scale_of(&format!("wsjf.{key}"), node, FIBONACCI, &[]);
            }
        }
        fields.diagnostics.extend(inner.diagnostics);
    }
    let mut ice = IceInputs::default();
    if let Some(node) = fields.get("ice") {
        let mut inner = Fields::new(node, fields.path(), &names(ICE_FIELDS), "ice");
        for (key, slot) in [
            ("impact", &mut ice.impact),
            ("confidence", &mut ice.confidence),
            ("ease", &mut ice.ease),
        ] {
            if let Some(n) = inner.number(key) {
                match ICE_SCALE.problem(n.value) {
                    Some(problem) => inner.error(n.pos, format!("ice.{key} {problem}")),
                    None => *slot = Some(n.value),
                }
            }
        }
        fields.diagnostics.extend(inner.diagnostics);
    }
    FrameworkInputs {
        reach,
        impact,
        wsjf,
        ice,
    }
}
