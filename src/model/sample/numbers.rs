//! Number examples: 0 when allowed, else the nearest value the bounds and `multipleOf` allow.

use crate::doc::{Map, Number, Value};

use crate::keys::Keys;

/// Floats are rounded to this many decimals so `multipleOf: 0.1` gives 0.3, not 0.30000000000000004.
const DECIMALS: f64 = 1e9;

/// The range and step a number must respect.
struct Bounds {
    /// Lowest allowed value and whether it is itself excluded.
    low: Option<(f64, bool)>,
    high: Option<(f64, bool)>,
    multiple: Option<f64>,
}

impl Bounds {
    fn of(schema: &Map) -> Bounds {
        let number = |key: &str| {
            schema
                .key(key)
                .and_then(Value::as_f64)
                .filter(|n| n.is_finite())
        };
        // When both forms are given the tighter one counts.
        let low = match (number("minimum"), number("exclusiveMinimum")) {
            (Some(min), Some(ex)) if ex >= min => Some((ex, true)),
            (Some(min), _) => Some((min, false)),
            (None, ex) => ex.map(|ex| (ex, true)),
        };
        let high = match (number("maximum"), number("exclusiveMaximum")) {
            (Some(max), Some(ex)) if ex <= max => Some((ex, true)),
            (Some(max), _) => Some((max, false)),
            (None, ex) => ex.map(|ex| (ex, true)),
        };
        let multiple = number("multipleOf").filter(|m| *m > 0.0);
        Bounds {
            low,
            high,
            multiple,
        }
    }

    fn above_low(&self, x: f64) -> bool {
        self.low
            .is_none_or(|(low, excluded)| if excluded { x > low } else { x >= low })
    }

    fn below_high(&self, x: f64) -> bool {
        self.high
            .is_none_or(|(high, excluded)| if excluded { x < high } else { x <= high })
    }

    fn allows(&self, x: f64) -> bool {
        self.above_low(x) && self.below_high(x)
    }

    /// 0 when allowed, else the bound nearest to it, then moved onto a multiple if one is
    /// required and fits.
    fn pick(&self, integer: bool) -> f64 {
        let mut x = 0.0;
        if !self.above_low(x) {
            x = self
                .low
                .map_or(x, |(low, excluded)| step_above(low, excluded, integer));
        } else if !self.below_high(x) {
            x = self
                .high
                .map_or(x, |(high, excluded)| step_below(high, excluded, integer));
        }
        // A narrow float range (0 < x < 0.5): its middle.
        if !self.allows(x) && !integer {
            if let (Some((low, _)), Some((high, _))) = (self.low, self.high) {
                x = low / 2.0 + high / 2.0;
            }
        }
        if let Some(step) = self.multiple {
            let candidates = [(x / step).ceil() * step, (x / step).floor() * step];
            let fits = |c: &&f64| self.allows(**c) && (!integer || c.fract() == 0.0);
            if let Some(multiple) = candidates.iter().find(fits) {
                x = *multiple;
            }
        }
        tidy(x)
    }
}

fn step_above(low: f64, excluded: bool, integer: bool) -> f64 {
    match (integer, excluded) {
        (true, true) => low.floor() + 1.0,
        (true, false) => low.ceil(),
        (false, true) => low + 1.0,
        (false, false) => low,
    }
}

fn step_below(high: f64, excluded: bool, integer: bool) -> f64 {
    match (integer, excluded) {
        (true, true) => high.ceil() - 1.0,
        (true, false) => high.floor(),
        (false, true) => high - 1.0,
        (false, false) => high,
    }
}

/// Drop float noise from arithmetic on steps like 0.1.
fn tidy(x: f64) -> f64 {
    if x.abs() < 1e9 {
        (x * DECIMALS).round() / DECIMALS
    } else {
        x
    }
}

pub(super) fn integer_example(schema: &Map) -> Value {
    let x = Bounds::of(schema).pick(true);
    // Integral values in i64's exact range print as integers; anything else (a bound of 1e300)
    // stays a float rather than being clamped into a wrong number.
    if x.fract() == 0.0 && x.abs() <= 9_007_199_254_740_992.0 {
        Value::Number(Number::from(x as i64))
    } else {
        float(x)
    }
}

pub(super) fn number_example(schema: &Map) -> Value {
    float(Bounds::of(schema).pick(false))
}

fn float(x: f64) -> Value {
    Value::Number(Number::from_f64(x).unwrap_or_else(|| Number::from(0)))
}

#[cfg(test)]
mod tests {
    use super::super::tests::request;
    use crate::json;

    #[test]
    fn integers_respect_bounds_and_steps() {
        let cases = [
            (json!({"type": "integer"}), json!(0)),
            (json!({"type": "integer", "minimum": 1}), json!(1)),
            (json!({"type": "integer", "minimum": -5}), json!(0)),
            (json!({"type": "integer", "exclusiveMinimum": 0}), json!(1)),
            (
                json!({"type": "integer", "exclusiveMinimum": 2.5}),
                json!(3),
            ),
            (json!({"type": "integer", "maximum": -3}), json!(-3)),
            (
                json!({"type": "integer", "exclusiveMaximum": -3}),
                json!(-4),
            ),
            (
                json!({"type": "integer", "minimum": 1, "multipleOf": 5}),
                json!(5),
            ),
            (
                json!({"type": "integer", "minimum": 7, "maximum": 9, "multipleOf": 4}),
                json!(8),
            ),
            (json!({"type": "integer", "minimum": 1e300}), json!(1e300)),
        ];
        for (schema, expected) in cases {
            assert_eq!(request(schema.clone()), expected, "{schema}");
        }
    }

    #[test]
    fn numbers_look_like_floats() {
        let cases = [
            (json!({"type": "number"}), "0.0"),
            (json!({"type": "number", "minimum": 2}), "2.0"),
            (json!({"type": "number", "minimum": 1.5}), "1.5"),
            (
                json!({"type": "number", "exclusiveMinimum": 0, "maximum": 10}),
                "1.0",
            ),
            (
                json!({"type": "number", "exclusiveMinimum": 0, "exclusiveMaximum": 0.5}),
                "0.25",
            ),
            (
                json!({"type": "number", "minimum": 0.25, "multipleOf": 0.1}),
                "0.3",
            ),
            (json!({"type": "number", "maximum": -0.5}), "-0.5"),
        ];
        for (schema, expected) in cases {
            assert_eq!(request(schema.clone()).to_string(), expected, "{schema}");
        }
    }
}
