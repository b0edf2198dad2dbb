//! The report's two charts, drawn with plotters' SVG backend (text stays
//! `<text>` elements, so the labels are searchable and need no font file):
//! [`heatmap`], countries x topics colored by net stance (support minus
//! oppose share, a diverging red-white-blue scale), and [`timeline`], net
//! stance per period for a few (country, topic) pairs as lines.

use std::collections::BTreeSet;

use plotters::coord::ranged1d::SegmentValue;
use plotters::prelude::*;

use super::{Cell, Summary};
use crate::error::{Error, Result};

/// Most series on the timeline (the cells with most articles).
pub const MAX_SERIES: usize = 6;

const OPPOSE: (f64, f64, f64) = (202.0, 0.0, 32.0);
const MIDDLE: (f64, f64, f64) = (225.0, 225.0, 225.0);
const SUPPORT: (f64, f64, f64) = (5.0, 113.0, 176.0);

/// The color of a net stance in -1..1: red (oppose) through light grey to
/// blue (support).
pub fn net_color(net: f64) -> RGBColor {
    let t = net.clamp(-1.0, 1.0);
    let (a, b, f) = if t < 0.0 {
        (MIDDLE, OPPOSE, -t)
    } else {
        (MIDDLE, SUPPORT, t)
    };
    let mix = |x: f64, y: f64| (x + (y - x) * f).round() as u8;
    RGBColor(mix(a.0, b.0), mix(a.1, b.1), mix(a.2, b.2))
}

fn draw_error(e: impl std::fmt::Display) -> Error {
    Error::Other(format!("cannot draw the chart: {e}"))
}

/// Index of a segment's center (labels sit at centers).
fn center(v: &SegmentValue<i32>) -> Option<usize> {
    match v {
        SegmentValue::CenterOf(i) => usize::try_from(*i).ok(),
        _ => None,
    }
}

/// The heatmap of `s` as an SVG document (empty summary: a note instead).
pub fn heatmap(s: &Summary) -> Result<String> {
    // Reversed: the first country alphabetically is the top row.
    let countries: Vec<&str> = s
        .cells
        .iter()
        .map(|c| c.country.as_str())
        .collect::<BTreeSet<_>>()
        .into_iter()
        .rev()
        .collect();
    let topics: Vec<&str> = s
        .cells
        .iter()
        .map(|c| c.topic.as_str())
        .collect::<BTreeSet<_>>()
        .into_iter()
        .collect();
    let (nx, ny) = (topics.len().max(1), countries.len().max(1));
    let size = ((220 + 150 * nx) as u32, (130 + 34 * ny) as u32);
    let mut svg = String::new();
    {
        let root = SVGBackend::with_string(&mut svg, size).into_drawing_area();
        root.fill(&WHITE).map_err(draw_error)?;
        let mut chart = ChartBuilder::on(&root)
            .caption(
                "Net stance: support minus oppose share of rows (articles); blank: none",
                ("sans-serif", 16),
            )
            .margin(12)
            .x_label_area_size(40)
            .y_label_area_size(150)
            // A segmented 0..n has n + 1 segments (the end included).
            .build_cartesian_2d(
                (0..nx as i32 - 1).into_segmented(),
                (0..ny as i32 - 1).into_segmented(),
            )
            .map_err(draw_error)?;
        chart
            .configure_mesh()
            .disable_mesh()
            .x_labels(nx)
            .y_labels(ny)
            .x_label_formatter(&|v| {
                center(v)
                    .and_then(|i| topics.get(i))
                    .map_or(String::new(), |t| t.to_string())
            })
            .y_label_formatter(&|v| {
                center(v)
                    .and_then(|i| countries.get(i))
                    .map_or(String::new(), |c| c.to_string())
            })
            .label_style(("sans-serif", 13))
            .draw()
            .map_err(draw_error)?;
        let at = |c: &Cell| {
            let x = topics.iter().position(|t| *t == c.topic).unwrap_or(0) as i32;
            let y = countries.iter().position(|k| *k == c.country).unwrap_or(0) as i32;
            (x, y)
        };
        chart
            .draw_series(s.cells.iter().map(|c| {
                let (x, y) = at(c);
                Rectangle::new(
                    [
                        (SegmentValue::Exact(x), SegmentValue::Exact(y)),
                        (SegmentValue::Exact(x + 1), SegmentValue::Exact(y + 1)),
                    ],
                    net_color(c.counts.net()).filled(),
                )
            }))
            .map_err(draw_error)?;
        chart
            .draw_series(s.cells.iter().map(|c| {
                let (x, y) = at(c);
                let label = format!("{:+.2} ({})", c.counts.net(), c.articles());
                let ink = if c.counts.net().abs() > 0.6 {
                    WHITE
                } else {
                    BLACK
                };
                Text::new(
                    label,
                    (SegmentValue::CenterOf(x), SegmentValue::CenterOf(y)),
                    ("sans-serif", 13).into_font().color(&ink).pos(
                        plotters::style::text_anchor::Pos::new(
                            plotters::style::text_anchor::HPos::Center,
                            plotters::style::text_anchor::VPos::Center,
                        ),
                    ),
                )
            }))
            .map_err(draw_error)?;
        root.present().map_err(draw_error)?;
    }
    Ok(svg)
}

/// The (country, topic) cells on the timeline: those with dated rows, most
/// articles first, at most [`MAX_SERIES`].
pub fn timeline_cells(s: &Summary) -> Vec<&Cell> {
    let mut cells: Vec<&Cell> = s.cells.iter().filter(|c| !c.periods.is_empty()).collect();
    cells.sort_by_key(|c| std::cmp::Reverse(c.articles()));
    cells.truncate(MAX_SERIES);
    cells
}

/// Net stance per period of [`timeline_cells`] as an SVG line chart, or
/// `None` when no row has a usable date.
pub fn timeline(s: &Summary, period_name: &str) -> Result<Option<String>> {
    let cells = timeline_cells(s);
    let periods: Vec<&str> = cells
        .iter()
        .flat_map(|c| c.periods.keys().map(String::as_str))
        .collect::<BTreeSet<_>>()
        .into_iter()
        .collect();
    if periods.is_empty() {
        return Ok(None);
    }
    let n = periods.len() as i32;
    let mut svg = String::new();
    {
        let width = (480 + 60 * periods.len()).min(1500) as u32;
        let root = SVGBackend::with_string(&mut svg, (width + 230, 420)).into_drawing_area();
        root.fill(&WHITE).map_err(draw_error)?;
        // The plot on the left, the legend (drawn here) on the right.
        let (left, right) = root.split_horizontally(width);
        for (k, c) in cells.iter().enumerate() {
            let color = Palette99::pick(k).to_rgba();
            let y = 60 + 22 * k as i32;
            right
                .draw(&PathElement::new(
                    vec![(0, y), (20, y)],
                    color.stroke_width(3),
                ))
                .map_err(draw_error)?;
            right
                .draw(&Text::new(
                    format!("{} / {}", c.country, c.topic),
                    (28, y - 7),
                    ("sans-serif", 13),
                ))
                .map_err(draw_error)?;
        }
        let mut chart = ChartBuilder::on(&left)
            .caption(
                format!("Net stance by {period_name} (support minus oppose share)"),
                ("sans-serif", 16),
            )
            .margin(12)
            .x_label_area_size(40)
            .y_label_area_size(50)
            .build_cartesian_2d((0..n - 1).into_segmented(), -1.1f64..1.1f64)
            .map_err(draw_error)?;
        chart
            .configure_mesh()
            .x_labels(periods.len())
            .y_labels(5)
            .light_line_style(WHITE)
            .x_label_formatter(&|v| {
                center(v)
                    .and_then(|i| periods.get(i))
                    .map_or(String::new(), |p| p.to_string())
            })
            .y_desc("net stance")
            .label_style(("sans-serif", 12))
            .draw()
            .map_err(draw_error)?;
        for (k, c) in cells.iter().enumerate() {
            let color = Palette99::pick(k).to_rgba();
            let points: Vec<(SegmentValue<i32>, f64)> = c
                .periods
                .iter()
                .filter_map(|(p, counts)| {
                    let i = periods.iter().position(|q| q == p)? as i32;
                    Some((SegmentValue::CenterOf(i), counts.net()))
                })
                .collect();
            chart
                .draw_series(LineSeries::new(points.clone(), color.stroke_width(2)))
                .map_err(draw_error)?;
            chart
                .draw_series(
                    points
                        .into_iter()
                        .map(|p| Circle::new(p, 3, color.filled())),
                )
                .map_err(draw_error)?;
        }
        root.present().map_err(draw_error)?;
    }
    Ok(Some(svg))
}
