//! Money in integer fen (分), never floating point.
//!
//! JSON carries an amount as a decimal string of yuan with at most two decimals (`"6000"`,
//! `"1234.50"`); an integer JSON number is read as whole yuan. A JSON number with a fraction is
//! refused, because it would have passed through a float on the way.
use std::fmt;
use std::ops::{Add, AddAssign, Neg, Sub};
use std::str::FromStr;

use serde::{de, Deserialize, Deserializer, Serialize, Serializer};

/// An amount of money in fen (1/100 yuan). May be negative (a loss, a net result).
#[derive(Clone, Copy, Debug, Default, PartialEq, Eq, PartialOrd, Ord, Hash)]
pub struct Money(i64);

/// Why a text is not an amount of money.
#[derive(Clone, Debug, PartialEq, Eq, thiserror::Error)]
pub enum MoneyError {
    #[error("not an amount in yuan with at most two decimals: {0:?}")]
    Malformed(String),
    #[error("amount too large: {0:?}")]
    TooLarge(String),
}

impl Money {
    /// Zero yuan.
    pub const ZERO: Money = Money(0);

    /// An amount of whole yuan.
    pub const fn yuan(yuan: i64) -> Self {
        Money(yuan.saturating_mul(100))
    }

    /// An amount in fen.
    pub const fn from_fen(fen: i64) -> Self {
        Money(fen)
    }

    /// The amount in fen.
    pub const fn fen(self) -> i64 {
        self.0
    }

    /// True when below zero.
    pub const fn is_negative(self) -> bool {
        self.0 < 0
    }

    /// True when above zero.
    pub const fn is_positive(self) -> bool {
        self.0 > 0
    }

    /// This amount divided among `n` people, rounded half away from zero to the fen;
    /// `None` when `n` is zero.
    pub fn per_capita(self, n: u32) -> Option<Money> {
        if n == 0 {
            return None;
        }
        let n = i128::from(n);
        let v = i128::from(self.0);
        let q = (2 * v + v.signum() * n) / (2 * n);
        Some(Money(q as i64))
    }

    /// This amount times `per_mille / 1000`, rounded half away from zero to the fen.
    pub fn times_per_mille(self, per_mille: u32) -> Money {
        let v = i128::from(self.0) * i128::from(per_mille);
        let q = (2 * v + v.signum() * 1000) / 2000;
        Money(q.clamp(i128::from(i64::MIN), i128::from(i64::MAX)) as i64)
    }

    /// This amount times a whole number, saturating.
    pub fn times(self, n: i64) -> Money {
        Money(self.0.saturating_mul(n))
    }

    /// The sum, or `None` when it passes the range of money.
    pub fn checked_add(self, other: Money) -> Option<Money> {
        self.0.checked_add(other.0).map(Money)
    }

    /// The difference, or `None` when it passes the range of money.
    pub fn checked_sub(self, other: Money) -> Option<Money> {
        self.0.checked_sub(other.0).map(Money)
    }

    /// Saturating sum.
    pub fn saturating_add(self, other: Money) -> Money {
        Money(self.0.saturating_add(other.0))
    }

    /// Saturating difference.
    pub fn saturating_sub(self, other: Money) -> Money {
        Money(self.0.saturating_sub(other.0))
    }

    /// The share `self / whole` in per-mille, `None` when `whole` is not positive.
    pub fn per_mille_of(self, whole: Money) -> Option<i64> {
        if whole.0 <= 0 {
            return None;
        }
        let v = i128::from(self.0) * 1000 / i128::from(whole.0);
        Some(v.clamp(i128::from(i64::MIN), i128::from(i64::MAX)) as i64)
    }
}

impl Add for Money {
    type Output = Money;
    fn add(self, rhs: Money) -> Money {
        self.saturating_add(rhs)
    }
}

impl AddAssign for Money {
    fn add_assign(&mut self, rhs: Money) {
        *self = self.saturating_add(rhs);
    }
}

impl Sub for Money {
    type Output = Money;
    fn sub(self, rhs: Money) -> Money {
        self.saturating_sub(rhs)
    }
}

impl Neg for Money {
    type Output = Money;
    fn neg(self) -> Money {
        Money(self.0.saturating_neg())
    }
}

impl std::iter::Sum for Money {
    fn sum<I: Iterator<Item = Money>>(iter: I) -> Money {
        iter.fold(Money::ZERO, Add::add)
    }
}

impl fmt::Display for Money {
    /// Yuan with two decimals when there are fen, else whole yuan: `6000`, `1234.50`, `-3.05`.
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        let sign = if self.0 < 0 { "-" } else { "" };
        let abs = self.0.unsigned_abs();
        let (yuan, fen) = (abs / 100, abs % 100);
        if fen == 0 {
            write!(f, "{sign}{yuan}")
        } else {
            write!(f, "{sign}{yuan}.{fen:02}")
        }
    }
}

impl FromStr for Money {
    type Err = MoneyError;

    fn from_str(s: &str) -> Result<Self, Self::Err> {
        let t = s.trim();
        let malformed = || MoneyError::Malformed(s.to_string());
        let (neg, digits) = match t.strip_prefix('-') {
            Some(rest) => (true, rest),
            None => (false, t),
        };
        let (whole, frac) = match digits.split_once('.') {
            Some((w, f)) => (w, f),
            None => (digits, ""),
        };
        let all_digits = |x: &str| x.bytes().all(|b| b.is_ascii_digit());
        if whole.is_empty() || !all_digits(whole) || frac.len() > 2 || !all_digits(frac) {
            return Err(malformed());
        }
        if digits.contains('.') && frac.is_empty() {
            return Err(malformed());
        }
        let too_large = || MoneyError::TooLarge(s.to_string());
        let yuan: i64 = whole.parse().map_err(|_| too_large())?;
        let fen: i64 = match frac.len() {
            0 => 0,
            1 => frac.parse::<i64>().map_err(|_| malformed())? * 10,
            _ => frac.parse::<i64>().map_err(|_| malformed())?,
        };
        let total = yuan
            .checked_mul(100)
            .and_then(|v| v.checked_add(fen))
            .ok_or_else(too_large)?;
        Ok(Money(if neg { -total } else { total }))
    }
}

impl Serialize for Money {
    fn serialize<S: Serializer>(&self, s: S) -> Result<S::Ok, S::Error> {
        s.collect_str(self)
    }
}

impl<'de> Deserialize<'de> for Money {
    fn deserialize<D: Deserializer<'de>>(d: D) -> Result<Self, D::Error> {
        struct V;
        impl de::Visitor<'_> for V {
            type Value = Money;
            fn expecting(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
                f.write_str("an amount in yuan as a string like \"1234.50\", or whole yuan")
            }
            fn visit_str<E: de::Error>(self, v: &str) -> Result<Money, E> {
                v.parse().map_err(E::custom)
            }
            fn visit_i64<E: de::Error>(self, v: i64) -> Result<Money, E> {
                v.checked_mul(100)
                    .map(Money)
                    .ok_or_else(|| E::custom("amount too large"))
            }
            fn visit_u64<E: de::Error>(self, v: u64) -> Result<Money, E> {
                i64::try_from(v)
                    .ok()
                    .and_then(|v| v.checked_mul(100))
                    .map(Money)
                    .ok_or_else(|| E::custom("amount too large"))
            }
            fn visit_f64<E: de::Error>(self, _: f64) -> Result<Money, E> {
                Err(E::custom(
                    "amounts with decimals must be written as a string, e.g. \"1234.50\"",
                ))
            }
        }
        d.deserialize_any(V)
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use proptest::prelude::*;

    #[test]
    fn parses_yuan_and_fen() {
        assert_eq!("6000".parse(), Ok(Money::yuan(6000)));
        assert_eq!("1234.5".parse(), Ok(Money::from_fen(123_450)));
        assert_eq!("1234.05".parse(), Ok(Money::from_fen(123_405)));
        assert_eq!("-3.05".parse(), Ok(Money::from_fen(-305)));
    }

    #[test]
    fn refuses_malformed_amounts() {
        for bad in ["", "-", "1.", ".5", "1.234", "1,000", "abc", "1e3", "+5"] {
            assert!(bad.parse::<Money>().is_err(), "{bad:?} was accepted");
        }
    }

    #[test]
    fn json_number_with_fraction_is_refused() {
        assert!(serde_json::from_str::<Money>("12.5").is_err());
        assert_eq!(
            serde_json::from_str::<Money>("12").ok(),
            Some(Money::yuan(12))
        );
    }

    #[test]
    fn per_capita_rounds_half_away_from_zero() {
        assert_eq!(
            Money::from_fen(100).per_capita(3),
            Some(Money::from_fen(33))
        );
        assert_eq!(
            Money::from_fen(200).per_capita(3),
            Some(Money::from_fen(67))
        );
        assert_eq!(
            Money::from_fen(-200).per_capita(3),
            Some(Money::from_fen(-67))
        );
        assert_eq!(Money::yuan(1).per_capita(0), None);
    }

    #[test]
    fn per_mille_scales_lines() {
        assert_eq!(Money::yuan(6000).times_per_mille(1200), Money::yuan(7200));
        assert_eq!(Money::yuan(4000).times_per_mille(1500), Money::yuan(6000));
    }

    proptest! {
        #[test]
        fn display_parse_round_trip(fen in -10_000_000_000i64..10_000_000_000) {
            let m = Money::from_fen(fen);
            prop_assert_eq!(m.to_string().parse::<Money>(), Ok(m));
            let json = serde_json::to_string(&m).unwrap();
            prop_assert_eq!(serde_json::from_str::<Money>(&json).unwrap(), m);
        }
    }
}

/// A ratio in per-mille (‰), written in JSON as a decimal string such as `"1.2"` or `"0.5"`.
#[derive(Clone, Copy, Debug, Default, PartialEq, Eq, PartialOrd, Ord, Hash)]
pub struct Ratio(u32);

impl Ratio {
    /// A ratio of `per_mille / 1000`.
    pub const fn per_mille(per_mille: u32) -> Self {
        Ratio(per_mille)
    }

    /// The ratio in per-mille.
    pub const fn get(self) -> u32 {
        self.0
    }

    /// `amount × self`, rounded half away from zero to the fen.
    pub fn of(self, amount: Money) -> Money {
        amount.times_per_mille(self.0)
    }
}

impl fmt::Display for Ratio {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        let (whole, frac) = (self.0 / 1000, self.0 % 1000);
        if frac == 0 {
            return write!(f, "{whole}");
        }
        let frac = format!("{frac:03}");
        write!(f, "{whole}.{}", frac.trim_end_matches('0'))
    }
}

impl FromStr for Ratio {
    type Err = MoneyError;
    fn from_str(s: &str) -> Result<Self, Self::Err> {
        let bad = || MoneyError::Malformed(s.to_string());
        let (whole, frac) = s.trim().split_once('.').unwrap_or((s.trim(), ""));
        let digits = |x: &str| x.bytes().all(|b| b.is_ascii_digit());
        if whole.is_empty() || !digits(whole) || !digits(frac) || frac.len() > 3 {
            return Err(bad());
        }
        let whole: u32 = whole.parse().map_err(|_| bad())?;
        let frac: u32 = format!("{frac:0<3}").parse().map_err(|_| bad())?;
        whole
            .checked_mul(1000)
            .and_then(|w| w.checked_add(frac))
            .map(Ratio)
            .ok_or_else(|| MoneyError::TooLarge(s.to_string()))
    }
}

impl Serialize for Ratio {
    fn serialize<S: Serializer>(&self, s: S) -> Result<S::Ok, S::Error> {
        s.collect_str(self)
    }
}

impl<'de> Deserialize<'de> for Ratio {
    fn deserialize<D: Deserializer<'de>>(d: D) -> Result<Self, D::Error> {
        struct V;
        impl de::Visitor<'_> for V {
            type Value = Ratio;
            fn expecting(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
                f.write_str("a ratio as a decimal string like \"1.2\", or a whole number")
            }
            fn visit_str<E: de::Error>(self, v: &str) -> Result<Ratio, E> {
                v.parse().map_err(E::custom)
            }
            fn visit_u64<E: de::Error>(self, v: u64) -> Result<Ratio, E> {
                u32::try_from(v)
                    .ok()
                    .and_then(|v| v.checked_mul(1000))
                    .map(Ratio)
                    .ok_or_else(|| E::custom("ratio too large"))
            }
            fn visit_i64<E: de::Error>(self, v: i64) -> Result<Ratio, E> {
                u64::try_from(v)
                    .map_err(|_| E::custom("a ratio cannot be negative"))
                    .and_then(|v| self.visit_u64(v))
            }
            fn visit_f64<E: de::Error>(self, _: f64) -> Result<Ratio, E> {
                Err(E::custom(
                    "ratios with decimals must be written as a string, e.g. \"1.2\"",
                ))
            }
        }
        d.deserialize_any(V)
    }
}

#[cfg(test)]
mod ratio_tests {
    use super::*;

    #[test]
    fn ratio_reads_and_writes_decimals() {
        assert_eq!("1.2".parse(), Ok(Ratio::per_mille(1200)));
        assert_eq!("0.5".parse(), Ok(Ratio::per_mille(500)));
        assert_eq!("2".parse(), Ok(Ratio::per_mille(2000)));
        assert_eq!(Ratio::per_mille(1250).to_string(), "1.25");
        assert_eq!(Ratio::per_mille(2000).to_string(), "2");
        assert!("1.2345".parse::<Ratio>().is_err());
        assert!("-1".parse::<Ratio>().is_err());
    }
}
