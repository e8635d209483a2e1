//! The dyad chart: events per week by QuadClass above, mean Goldstein weight
//! below, drawn as SVG by `plotters`.

use plotters::prelude::*;

use crate::weeks::Week;

pub const QUAD_NAMES: [&str; 4] = [
    "Verbal cooperation",
    "Material cooperation",
    "Verbal conflict",
    "Material conflict",
];

const QUAD_COLORS: [RGBColor; 4] = [
    RGBColor(46, 125, 50),
    RGBColor(27, 94, 32),
    RGBColor(239, 108, 0),
    RGBColor(198, 40, 40),
];

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
            .legend(move |(x, y)| {
                PathElement::new(vec![(x, y), (x + 18, y)], color.stroke_width(3))
            });
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
        .background_style(WHITE.mix(0.85))
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
}
