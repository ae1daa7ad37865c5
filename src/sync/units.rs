//! Zammad's `time_unit` is a unitless decimal string; the connector says what one unit
//! means. Conversion is exact (decimal), never through floats.

use rust_decimal::Decimal;
use std::fmt;
use std::str::FromStr;

/// What one Zammad `time_unit` stands for.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum TimeUnit {
    Minute,
    Hour,
    Quarter,
    /// N minutes per unit.
    Minutes(u32),
}

impl TimeUnit {
    fn minutes_per_unit(self) -> Decimal {
        match self {
            TimeUnit::Minute => Decimal::from(1),
            TimeUnit::Hour => Decimal::from(60),
            TimeUnit::Quarter => Decimal::from(15),
            TimeUnit::Minutes(n) => Decimal::from(n),
        }
    }

    /// Exact minutes for a `time_unit` value such as `"1.5"`.
    pub fn minutes(self, time_unit: &str) -> Result<Decimal, String> {
        let value = Decimal::from_str(time_unit.trim())
            .map_err(|_| format!("time_unit `{time_unit}` is not a decimal number"))?;
        Ok(value * self.minutes_per_unit())
    }
}

impl FromStr for TimeUnit {
    type Err = String;
    fn from_str(s: &str) -> Result<Self, Self::Err> {
        let s = s.trim().to_ascii_lowercase();
        match s.as_str() {
            "minute" | "minutes" | "min" => Ok(TimeUnit::Minute),
            "hour" | "hours" | "h" => Ok(TimeUnit::Hour),
            "quarter" | "quarters" => Ok(TimeUnit::Quarter),
            other => {
                let n = other
                    .strip_suffix('m')
                    .and_then(|n| n.parse::<u32>().ok())
                    .filter(|n| *n > 0 && *n <= 24 * 60);
                n.map(TimeUnit::Minutes).ok_or_else(|| {
                    format!(
                        "time unit `{other}` is not one of minute, hour, quarter or <N>m (e.g. 10m)"
                    )
                })
            }
        }
    }
}

impl fmt::Display for TimeUnit {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match self {
            TimeUnit::Minute => f.write_str("minute"),
            TimeUnit::Hour => f.write_str("hour"),
            TimeUnit::Quarter => f.write_str("quarter"),
            TimeUnit::Minutes(n) => write!(f, "{n}m"),
        }
    }
}

/// Whole minutes to book in Kimai, which keeps minutes only. Rounds half up; a positive
/// amount below half a minute still books one minute so nothing accounted disappears.
pub(crate) fn bookable_minutes(minutes: Decimal) -> i64 {
    use rust_decimal::prelude::ToPrimitive;
    let rounded =
        minutes.round_dp_with_strategy(0, rust_decimal::RoundingStrategy::MidpointAwayFromZero);
    let whole = rounded.to_i64().unwrap_or(0);
    if whole == 0 && minutes > Decimal::ZERO {
        1
    } else {
        whole
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn mins(unit: &str, value: &str) -> String {
        unit.parse::<TimeUnit>()
            .unwrap()
            .minutes(value)
            .unwrap()
            .normalize()
            .to_string()
    }

    #[test]
    fn converts_each_unit_exactly() {
        assert_eq!(mins("minute", "15.0"), "15");
        assert_eq!(mins("hour", "1.5"), "90");
        assert_eq!(mins("hour", "0.1"), "6");
        assert_eq!(mins("quarter", "3"), "45");
        assert_eq!(mins("10m", "2.5"), "25");
        assert_eq!(mins("hour", "0.01"), "0.6");
        assert_eq!(mins("minute", "-5.0"), "-5");
    }

    #[test]
    fn rejects_bad_units_and_values() {
        assert!("fortnight".parse::<TimeUnit>().is_err());
        assert!("0m".parse::<TimeUnit>().is_err());
        assert!(TimeUnit::Minute.minutes("1,5").is_err());
        assert!(TimeUnit::Minute.minutes("NaN").is_err());
    }

    #[test]
    fn books_whole_minutes() {
        assert_eq!(bookable_minutes(Decimal::new(6, 1)), 1);
        assert_eq!(bookable_minutes(Decimal::new(25, 1)), 3);
        assert_eq!(bookable_minutes(Decimal::new(2, 1)), 1);
        assert_eq!(bookable_minutes(Decimal::ZERO), 0);
        assert_eq!(bookable_minutes(Decimal::new(-50, 1)), -5);
    }
}
