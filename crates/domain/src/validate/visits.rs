//! 走访记录: a past date, a visitor, and a position on Earth (in China, most likely).
use chrono::NaiveDate;

use super::{future_date, Problem};
use crate::model::{Gps, Visit};
use crate::text;

/// A generous box around China (WGS 84): a visit outside it is probably a bad position fix.
const CHINA_LAT: std::ops::RangeInclusive<f64> = 3.0..=54.0;
const CHINA_LON: std::ops::RangeInclusive<f64> = 73.0..=136.0;

pub(super) fn check(visits: &[Visit], today: NaiveDate, out: &mut Vec<Problem>) {
    for (i, v) in visits.iter().enumerate() {
        let field = |f: &str| format!("visits[{i}].{f}");
        if let Some(p) = future_date(&field("date"), v.date, today) {
            out.push(p);
        }
        if v.visitor.trim().is_empty() {
            out.push(Problem::error(
                field("visitor"),
                "visits.visitor_missing",
                text!("请填写走访人", "Enter who made the visit"),
            ));
        }
        if let Some(gps) = &v.gps {
            check_gps(gps, &field("gps"), out);
        }
    }
}

fn check_gps(gps: &Gps, field: &str, out: &mut Vec<Problem>) {
    let (lat, lon) = (gps.lat, gps.lon);
    let valid = (-90.0..=90.0).contains(&lat)
        && (-180.0..=180.0).contains(&lon)
        && gps.accuracy_m.is_none_or(|a| a >= 0.0);
    if !valid {
        out.push(Problem::error(
            field,
            "visits.gps_range",
            text!(
                "走访位置无效（纬度 {lat}，经度 {lon}），请重新定位或清除位置",
                "The visit's location is invalid (latitude {lat}, longitude {lon}); locate again or clear it"
            ),
        ));
    } else if !(CHINA_LAT.contains(&lat) && CHINA_LON.contains(&lon)) {
        out.push(Problem::warning(
            field,
            "visits.gps_outside_china",
            text!(
                "走访位置（纬度 {lat}，经度 {lon}）不在中国境内，可能定位有误，请重新定位",
                "The visit's location (latitude {lat}, longitude {lon}) is outside China, probably a bad fix; locate again"
            ),
        ));
    }
}

#[cfg(test)]
mod tests {
    use rstest::rstest;

    use crate::validate::fixture::*;
    use crate::validate::Severity;

    #[test]
    fn a_visit_in_the_future_is_an_error() {
        let mut h = household();
        h.visits[0].date = date("2026-11-30");
        only(&h, "visits[0].date", "date.future", Severity::Error);
        h.visits[0].date = today();
        assert_eq!(found(&h), vec![]);
    }

    #[test]
    fn a_visit_without_a_visitor_is_an_error() {
        let mut h = household();
        h.visits[0].visitor = " ".into();
        only(
            &h,
            "visits[0].visitor",
            "visits.visitor_missing",
            Severity::Error,
        );
    }

    #[rstest]
    #[case(91.0, 107.0, Some(12.0))]
    #[case(-90.5, 107.0, None)]
    #[case(26.0, 181.0, None)]
    #[case(f64::NAN, 107.0, None)]
    #[case(26.0, f64::INFINITY, None)]
    #[case(26.0, 107.0, Some(-1.0))]
    fn a_position_off_the_globe_is_an_error(
        #[case] lat: f64,
        #[case] lon: f64,
        #[case] accuracy: Option<f64>,
    ) {
        let mut h = household();
        let gps = h.visits[0].gps.as_mut().unwrap();
        gps.lat = lat;
        gps.lon = lon;
        gps.accuracy_m = accuracy;
        only(&h, "visits[0].gps", "visits.gps_range", Severity::Error);
    }

    #[rstest]
    #[case(0.0, 0.0)]
    #[case(48.85, 2.35)]
    fn a_position_outside_china_is_a_warning(#[case] lat: f64, #[case] lon: f64) {
        let mut h = household();
        let gps = h.visits[0].gps.as_mut().unwrap();
        gps.lat = lat;
        gps.lon = lon;
        only(
            &h,
            "visits[0].gps",
            "visits.gps_outside_china",
            Severity::Warning,
        );
    }

    #[test]
    fn a_visit_without_a_position_is_fine() {
        let mut h = household();
        h.visits[0].gps = None;
        assert_eq!(found(&h), vec![]);
    }
}
