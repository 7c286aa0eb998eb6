use chrono::NaiveDate;
use serde::{Deserialize, Serialize};

/// A position from the browser's geolocation.
#[derive(Clone, Copy, Debug, PartialEq, Serialize, Deserialize)]
pub struct Gps {
    /// Latitude in degrees (WGS 84).
    pub lat: f64,
    /// Longitude in degrees (WGS 84).
    pub lon: f64,
    /// Accuracy radius in metres, as the browser reports it.
    #[serde(default)]
    pub accuracy_m: Option<f64>,
}

/// 走访记录.
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
pub struct Visit {
    /// Stable id within the household.
    pub id: String,
    /// 走访日期
    pub date: NaiveDate,
    /// 走访人
    pub visitor: String,
    /// 走访情况
    #[serde(default)]
    pub notes: String,
    /// Where the visit was recorded, if the worker allowed it.
    #[serde(default)]
    pub gps: Option<Gps>,
}
