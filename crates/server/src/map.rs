//! The world map: each country's outline (from the vocabulary's shapes, Natural
//! Earth via `data/world/countries.tsv`) filled by its number of events, as an
//! inline SVG written here; each country links to its actor page and names its
//! count in a tooltip (`<title>`), so the map needs no script.

use demarche_store::CountryCount;

use crate::html::{enc, esc};
use crate::vocabulary::CountryShape;

/// Fill colours from few events to many (a sequential blue scale), and for none.
const SCALE: [&str; 6] = [
    "#deebf7", "#c6dbef", "#9ecae1", "#6baed6", "#3182bd", "#08519c",
];
const NONE: &str = "#eeeeee";

/// The upper bound of each colour class: powers of about 3 up to the largest count.
fn classes(max: u64) -> Vec<u64> {
    let mut bounds = Vec::new();
    let mut b = 1u64;
    while bounds.len() < SCALE.len() - 1 && b < max {
        bounds.push(b);
        b = (b * 3).max(b + 1);
    }
    bounds.push(max.max(1));
    bounds
}

fn class_of(bounds: &[u64], n: u64) -> usize {
    bounds
        .iter()
        .position(|&b| n <= b)
        .unwrap_or(bounds.len() - 1)
}

/// The map and its legend.
pub fn world_svg(shapes: &[CountryShape], counts: &[CountryCount]) -> String {
    let count = |code: &str| {
        counts
            .iter()
            .find(|c| c.country == code)
            .map_or(0, |c| c.events)
    };
    let max = counts.iter().map(|c| c.events).max().unwrap_or(0);
    let bounds = classes(max);
    // Colours spread over the scale when there are fewer classes than colours.
    let colour = |class: usize| {
        let i = if bounds.len() <= 1 {
            SCALE.len() - 1
        } else {
            class * (SCALE.len() - 1) / (bounds.len() - 1)
        };
        SCALE[i]
    };
    // 80°N to 60°S of the 3600 x 1800 equirectangular box.
    let mut svg = String::from(
        "<svg xmlns=\"http://www.w3.org/2000/svg\" viewBox=\"0 100 3600 1400\" width=\"1000\" \
         height=\"389\" role=\"img\" aria-label=\"Events per country\">\
         <rect x=\"0\" y=\"100\" width=\"3600\" height=\"1400\" fill=\"#f4f8fb\"/>",
    );
    for s in shapes {
        let n = count(&s.code);
        let fill = if n == 0 {
            NONE
        } else {
            colour(class_of(&bounds, n))
        };
        svg.push_str(&format!(
            "<a href=\"/actor/{}\"><path class=\"country\" data-code=\"{}\" data-events=\"{n}\" \
             d=\"{}\" fill=\"{fill}\" stroke=\"#777\" stroke-width=\"1.2\"><title>{}: {n} events</title></path></a>",
            enc(&s.code),
            esc(&s.code),
            esc(&s.path),
            esc(&s.name),
        ));
    }
    svg.push_str("</svg>");
    let mut legend = String::from("<p class=\"legend map-legend\">Events: ");
    legend.push_str(&format!(
        "<span><i style=\"background:{NONE}\"></i>0</span>"
    ));
    let mut low = 1;
    for (i, &b) in bounds.iter().enumerate() {
        if max == 0 {
            break;
        }
        let label = if low == b {
            format!("{b}")
        } else {
            format!("{low}–{b}")
        };
        legend.push_str(&format!(
            "<span><i style=\"background:{}\"></i>{label}</span>",
            colour(i)
        ));
        low = b + 1;
    }
    legend.push_str("</p>");
    format!("{svg}{legend}")
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn countries_are_filled_by_their_class_and_linked() {
        let shapes = vec![
            CountryShape {
                code: "FRA".into(),
                name: "France".into(),
                path: "M1 1l5 0l0 5z".into(),
            },
            CountryShape {
                code: "DEU".into(),
                name: "Germany".into(),
                path: "M9 9l5 0l0 5z".into(),
            },
        ];
        let counts = vec![CountryCount {
            country: "FRA".into(),
            events: 40,
        }];
        let svg = world_svg(&shapes, &counts);
        assert!(svg.contains("data-code=\"FRA\" data-events=\"40\""));
        assert!(svg.contains(&format!("fill=\"{}\"", SCALE[SCALE.len() - 1])));
        assert!(svg.contains("data-code=\"DEU\" data-events=\"0\""));
        assert!(svg.contains("<a href=\"/actor/FRA\">"));
        assert!(svg.contains("<title>France: 40 events</title>"));
        assert_eq!(classes(40), [1, 3, 9, 27, 40]);
        assert_eq!(class_of(&classes(40), 10), 3);
    }
}
