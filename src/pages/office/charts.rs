//! Horizontal bar charts drawn as inline SVG (no chart library): one bar per row, split into
//! coloured segments for the series, the total at the bar's end, a legend in HTML.
use leptos::prelude::*;

/// Colours of the series, in order (repeated past the end); distinct in grey print too.
const COLOURS: [&str; 11] = [
    "#1f6f50", "#e07b00", "#b3261e", "#3f6fb5", "#8a5a00", "#6b4c9a", "#2a9d8f", "#c05f8b",
    "#607080", "#9bb531", "#444444",
];

/// The drawing's width in SVG units; it scales to the screen.
const WIDTH: f64 = 320.0;
/// Room for the total after the longest bar.
const TOTAL_ROOM: f64 = 36.0;
const ROW: f64 = 34.0;

/// A bar chart: `rows` are (label, one value per series); `series` names the segments (a
/// single series draws plain bars and no legend).
#[component]
pub fn BarChart(
    title: String,
    series: Vec<String>,
    rows: Vec<(String, Vec<u32>)>,
    testid: &'static str,
) -> impl IntoView {
    let max = rows
        .iter()
        .map(|(_, v)| v.iter().sum::<u32>())
        .max()
        .unwrap_or(0)
        .max(1);
    let scale = (WIDTH - TOTAL_ROOM) / f64::from(max);
    let height = ROW * rows.len() as f64 + 4.0;
    let bars = rows
        .into_iter()
        .enumerate()
        .map(|(i, (label, values))| {
            let y = ROW * i as f64;
            let total: u32 = values.iter().sum();
            let mut x = 0.0;
            let segments = values
                .into_iter()
                .enumerate()
                .filter(|(_, v)| *v > 0)
                .map(|(s, v)| {
                    let w = f64::from(v) * scale;
                    let rect = view! {
                        <rect x=format!("{x:.1}") y=format!("{:.1}", y + 15.0) width=format!("{w:.1}") height="14"
                            fill=COLOURS[s % COLOURS.len()]>
                            <title>{format!("{label}: {v}")}</title>
                        </rect>
                    };
                    x += w;
                    rect
                })
                .collect_view();
            view! {
                <text x="0" y=format!("{:.1}", y + 11.0) class="chart-label">{label.clone()}</text>
                {segments}
                <text x=format!("{:.1}", x + 4.0) y=format!("{:.1}", y + 26.0) class="chart-value">{total}</text>
            }
        })
        .collect_view();
    let legend = (series.len() > 1).then(|| {
        view! {
            <ul class="legend">
                {series.into_iter().enumerate().map(|(s, name)| view! {
                    <li><span class="swatch" style=format!("background:{}", COLOURS[s % COLOURS.len()])></span>{name}</li>
                }).collect_view()}
            </ul>
        }
    });
    view! {
        <figure class="chart" data-testid=testid>
            <figcaption>{title.clone()}</figcaption>
            <svg viewBox=format!("0 0 {WIDTH} {height:.0}") role="img" aria-label=title>
                {bars}
            </svg>
            {legend}
        </figure>
    }
}
