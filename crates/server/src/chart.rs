//! The dyad chart: events per week by QuadClass above, mean Goldstein weight
//! below, drawn as SVG by `plotters`.

use chrono::{Datelike, NaiveDate};
use plotters::prelude::*;

use crate::weeks::Week;

pub const QUAD_NAMES: [&str; 4] = [
    "Verbal cooperation",
    "Material cooperation",
    "Verbal conflict",
    "Material conflict",
];

/// Four colours told apart at a glance, also by colour-blind readers (Okabe and
/// Ito's blue, bluish green, orange, and a dark red): cooperation cool, conflict warm.
pub const QUAD_COLORS: [RGBColor; 4] = [
    RGBColor(0, 114, 178),
    RGBColor(0, 158, 115),
    RGBColor(230, 159, 0),
    RGBColor(178, 24, 43),
];

/// Share of events at each end a chart may leave out to fit the weeks where the
/// events are (stray old reports would otherwise flatten it).
const STRAY_SHARE: f64 = 0.025;

/// The weeks `[start, end)` a chart shows, and how many events fall outside:
/// leading and trailing weeks holding at most 2.5% of the events each are left
/// out when that saves at least a third of the width.
pub fn fitted(weeks: &[Week]) -> (usize, usize, u64) {
    let n = weeks.len();
    let total: u64 = weeks.iter().map(|w| w.events).sum();
    if n < 12 || total == 0 {
        return (0, n, 0);
    }
    let allowed = (total as f64 * STRAY_SHARE).floor() as u64;
    let (mut start, mut left) = (0, 0u64);
    while start < n && left + weeks[start].events <= allowed {
        left += weeks[start].events;
        start += 1;
    }
    let (mut end, mut right) = (n, 0u64);
    while end > start && right + weeks[end - 1].events <= allowed {
        right += weeks[end - 1].events;
        end -= 1;
    }
    // Begin and end on weeks with events.
    while start < end && weeks[start].events == 0 {
        start += 1;
    }
    while end > start && weeks[end - 1].events == 0 {
        end -= 1;
    }
    if end <= start || (end - start) * 3 > n * 2 {
        return (0, n, 0);
    }
    let outside = weeks[..start]
        .iter()
        .chain(&weeks[end..])
        .map(|w| w.events)
        .sum();
    (start, end, outside)
}

const GOLDSTEIN: RGBColor = RGBColor(31, 59, 87);

/// The chart as an `<svg>` element, or `None` when there are no weeks.
pub fn dyad_svg(weeks: &[Week]) -> Option<String> {
    if weeks.is_empty() {
        return None;
    }
    let mut svg = String::new();
    draw(weeks, &mut svg).ok()?;
    // plotters writes an XML document; inline SVG needs only the element.
    let start = svg.find("<svg")?;
    Some(svg[start..].to_string())
}

type DrawResult = Result<(), Box<dyn std::error::Error>>;

fn draw(weeks: &[Week], out: &mut String) -> DrawResult {
    let n = weeks.len();
    let x_range = if n == 1 {
        -0.5f64..0.5
    } else {
        0f64..(n - 1) as f64
    };
    let label = |x: &f64| -> String {
        let i = x.round();
        if (x - i).abs() > 1e-6 || i < 0.0 {
            return String::new();
        }
        weeks
            .get(i as usize)
            .map(|w| w.week.clone())
            .unwrap_or_default()
    };
    let max = weeks
        .iter()
        .flat_map(|w| w.by_quad_class)
        .max()
        .unwrap_or(0)
        .max(1) as f64;

    let root = SVGBackend::with_string(out, (960, 500)).into_drawing_area();
    root.fill(&WHITE)?;
    let (top, bottom) = root.split_vertically(310);

    let mut counts = ChartBuilder::on(&top)
        .caption("Events per week by QuadClass", ("sans-serif", 17))
        .margin(12)
        .margin_right(56)
        .x_label_area_size(28)
        .y_label_area_size(48)
        .build_cartesian_2d(x_range.clone(), 0f64..max * 1.15)?;
    counts
        .configure_mesh()
        .x_labels(n.min(8))
        .x_label_formatter(&label)
        .y_labels(6)
        .y_label_formatter(&|y| {
            if y.fract() == 0.0 {
                format!("{y:.0}")
            } else {
                String::new()
            }
        })
        .y_desc("events")
        .label_style(("sans-serif", 13))
        .light_line_style(WHITE)
        .draw()?;
    for (q, (name, color)) in QUAD_NAMES.iter().zip(QUAD_COLORS).enumerate() {
        let points: Vec<(f64, f64)> = weeks
            .iter()
            .enumerate()
            .map(|(i, w)| (i as f64, w.by_quad_class[q] as f64))
            .collect();
        counts
            .draw_series(LineSeries::new(points.clone(), color.stroke_width(2)))?
            .label(*name)
            .legend(move |(x, y)| Rectangle::new([(x, y - 6), (x + 20, y + 6)], color.filled()));
        counts.draw_series(
            points
                .into_iter()
                .filter(|p| p.1 > 0.0)
                .map(|p| Circle::new(p, 3, color.filled())),
        )?;
    }
    counts
        .configure_series_labels()
        .position(SeriesLabelPosition::UpperLeft)
        .label_font(("sans-serif", 15))
        .legend_area_size(28)
        .background_style(WHITE.mix(0.9))
        .border_style(BLACK.mix(0.3))
        .draw()?;

    let mut gold = ChartBuilder::on(&bottom)
        .caption("Mean Goldstein weight per week", ("sans-serif", 17))
        .margin(12)
        .margin_right(56)
        .x_label_area_size(28)
        .y_label_area_size(48)
        .build_cartesian_2d(x_range, -10f64..10f64)?;
    gold.configure_mesh()
        .x_labels(n.min(8))
        .x_label_formatter(&label)
        .y_labels(5)
        .y_desc("Goldstein")
        .label_style(("sans-serif", 13))
        .light_line_style(WHITE)
        .draw()?;
    gold.draw_series(LineSeries::new(
        [(gold.x_range().start, 0.0), (gold.x_range().end, 0.0)],
        BLACK.mix(0.4),
    ))?;
    // Lines join consecutive weeks with events; empty weeks break them.
    let mut run: Vec<(f64, f64)> = Vec::new();
    let mut runs: Vec<Vec<(f64, f64)>> = Vec::new();
    for (i, w) in weeks.iter().enumerate() {
        match w.goldstein_mean {
            Some(g) => run.push((i as f64, g)),
            None if !run.is_empty() => runs.push(std::mem::take(&mut run)),
            None => {}
        }
    }
    if !run.is_empty() {
        runs.push(run);
    }
    for run in runs {
        gold.draw_series(run.iter().map(|&p| Circle::new(p, 3, GOLDSTEIN.filled())))?;
        gold.draw_series(LineSeries::new(run, GOLDSTEIN.stroke_width(2)))?;
    }
    root.present()?;
    Ok(())
}

/// What a forum timeline shows: dates as `YYYY`, `YYYY-MM` or `YYYY-MM-DD`.
pub struct Timeline {
    pub meetings: Vec<String>,
    /// From and to; an open suspension (`None`) lasts until `as_of`.
    pub suspensions: Vec<(String, Option<String>)>,
    pub founded: Option<String>,
    pub as_of: NaiveDate,
}

const MEETING: RGBColor = RGBColor(46, 125, 50);
const SUSPENDED: RGBColor = RGBColor(198, 40, 40);

/// A date as a year with its fraction; partial dates at their period's middle.
fn year_of(s: &str) -> Option<f64> {
    let mut parts = s.split('-');
    let y: f64 = parts.next()?.parse().ok()?;
    let m: Option<f64> = parts.next().and_then(|m| m.parse().ok());
    let d: Option<f64> = parts.next().and_then(|d| d.parse().ok());
    Some(match (m, d) {
        (None, _) => y + 0.5,
        (Some(m), None) => y + (m - 0.5) / 12.0,
        (Some(m), Some(d)) => y + (m - 1.0) / 12.0 + (d - 0.5) / 365.0,
    })
}

fn day_year(d: NaiveDate) -> f64 {
    d.year() as f64 + (d.ordinal0() as f64 + 0.5) / 365.0
}

/// A forum's meetings (points) and suspensions (bars) on one time axis up to
/// `as_of` (a dashed line), as an `<svg>` element; `None` when there is nothing dated.
pub fn forum_timeline_svg(t: &Timeline) -> Option<String> {
    let meetings: Vec<f64> = t.meetings.iter().filter_map(|m| year_of(m)).collect();
    let now = day_year(t.as_of);
    let suspensions: Vec<(f64, f64)> = t
        .suspensions
        .iter()
        .filter_map(|(a, b)| {
            let from = year_of(a)?;
            let to = b.as_deref().and_then(year_of).unwrap_or(now);
            Some((from, to.max(from + 0.05)))
        })
        .collect();
    if meetings.is_empty() && suspensions.is_empty() {
        return None;
    }
    let founded = t.founded.as_deref().and_then(year_of);
    let mut svg = String::new();
    draw_timeline(&meetings, &suspensions, founded, now, &mut svg).ok()?;
    let start = svg.find("<svg")?;
    Some(svg[start..].to_string())
}

fn draw_timeline(
    meetings: &[f64],
    suspensions: &[(f64, f64)],
    founded: Option<f64>,
    now: f64,
    out: &mut String,
) -> DrawResult {
    let first = meetings
        .iter()
        .copied()
        .chain(suspensions.iter().map(|s| s.0))
        .chain(founded)
        .fold(now, f64::min);
    let lo = first.floor() - 0.5;
    let hi = now.ceil() + 0.5;
    let root = SVGBackend::with_string(out, (960, 200)).into_drawing_area();
    root.fill(&WHITE)?;
    let mut c = ChartBuilder::on(&root)
        .caption("Meetings and suspensions", ("sans-serif", 17))
        .margin(12)
        .margin_right(40)
        .x_label_area_size(28)
        .y_label_area_size(90)
        .build_cartesian_2d(lo..hi, 0f64..3f64)?;
    let span = (hi - lo).round() as usize;
    // Lanes: suspensions at 0.5, meetings at 1.5, the founding at 2.5.
    c.configure_mesh()
        .x_labels(span.clamp(2, 16))
        .x_label_formatter(&|x| {
            if (x - x.round()).abs() < 1e-6 {
                format!("{:.0}", x)
            } else {
                String::new()
            }
        })
        .y_labels(7)
        .y_label_formatter(&|y| match (y * 2.0).round() as i64 {
            1 => "suspended".into(),
            3 => "meetings".into(),
            5 => "founded".into(),
            _ => String::new(),
        })
        .label_style(("sans-serif", 13))
        .light_line_style(WHITE)
        .draw()?;
    c.draw_series(
        suspensions
            .iter()
            .map(|&(a, b)| Rectangle::new([(a, 0.2), (b, 0.8)], SUSPENDED.mix(0.7).filled())),
    )?;
    c.draw_series(
        meetings
            .iter()
            .map(|&m| Circle::new((m, 1.5), 6, MEETING.filled())),
    )?;
    if let Some(f) = founded {
        c.draw_series(std::iter::once(TriangleMarker::new(
            (f, 2.5),
            7,
            BLACK.mix(0.6).filled(),
        )))?;
    }
    c.draw_series(DashedLineSeries::new(
        [(now, 0.0), (now, 3.0)],
        5,
        4,
        GOLDSTEIN.stroke_width(2),
    ))?;
    c.draw_series(std::iter::once(Text::new(
        "as of",
        (now, 2.95),
        ("sans-serif", 12).into_font().color(&GOLDSTEIN),
    )))?;
    root.present()?;
    Ok(())
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_chart_is_an_svg_element_with_both_panels() {
        let weeks = vec![
            Week {
                week: "2017-03-06".into(),
                events: 2,
                by_quad_class: [1, 0, 0, 1],
                goldstein_mean: Some(-4.5),
            },
            Week {
                week: "2017-03-13".into(),
                events: 0,
                by_quad_class: [0; 4],
                goldstein_mean: None,
            },
        ];
        let svg = dyad_svg(&weeks).unwrap();
        assert!(svg.starts_with("<svg"), "{}", &svg[..80]);
        assert!(svg.contains("Events per week by QuadClass"));
        assert!(svg.contains("Mean Goldstein weight per week"));
        assert!(svg.contains("Material conflict"));
        assert!(svg.contains("2017-03-06"));
        assert!(dyad_svg(&[]).is_none());
        // One week is drawn too.
        assert!(dyad_svg(&weeks[..1]).is_some());
    }

    #[test]
    fn a_forum_timeline_has_meetings_suspensions_and_years() {
        let t = Timeline {
            meetings: vec!["2019-07".into(), "2016-04-20".into()],
            suspensions: vec![("2014-06".into(), Some("2016-04".into()))],
            founded: Some("2002".into()),
            as_of: NaiveDate::from_ymd_opt(2021, 3, 24).unwrap(),
        };
        let svg = forum_timeline_svg(&t).unwrap();
        assert!(svg.starts_with("<svg"));
        assert!(svg.contains("Meetings and suspensions"));
        assert!(svg.contains("2002") && svg.contains("2020"), "{svg}");
        assert!(svg.contains("suspended") && svg.contains("meetings") && svg.contains("as of"));
        assert_eq!(svg.matches("<circle").count(), 2, "{svg}");
        let empty = Timeline {
            meetings: vec![],
            suspensions: vec![],
            founded: None,
            as_of: t.as_of,
        };
        assert!(forum_timeline_svg(&empty).is_none());
        assert!((year_of("2019-07").unwrap() - 2019.54).abs() < 0.01);
    }
}
