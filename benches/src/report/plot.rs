//! SVG line plots (plotters, SVG backend, no font libraries).

use std::path::Path;

use plotters::prelude::*;

/// One line of a plot: a label and its (x, y) points (y in nanoseconds for time plots).
pub struct Series {
    /// Legend label.
    pub label: String,
    /// Points, sorted by x.
    pub points: Vec<(f64, f64)>,
}

/// Twelve colours that stay apart for the common forms of colour blindness: Okabe and Ito's
/// eight (black replaced by a dark grey) followed by four of Paul Tol's "muted" scheme.
pub const COLOURS: [RGBColor; 12] = [
    RGBColor(230, 159, 0),
    RGBColor(86, 180, 233),
    RGBColor(0, 158, 115),
    RGBColor(0, 114, 178),
    RGBColor(213, 94, 0),
    RGBColor(204, 121, 167),
    RGBColor(240, 228, 66),
    RGBColor(64, 64, 64),
    RGBColor(51, 34, 136),
    RGBColor(153, 153, 51),
    RGBColor(136, 34, 85),
    RGBColor(68, 170, 153),
];

/// Marker shapes, cycled independently of the colours (8 shapes against 12 colours: the
/// first 24 series differ in colour or shape, and the first 12 in both).
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Marker {
    /// A filled circle.
    Circle,
    /// A filled square.
    Square,
    /// A filled triangle.
    Triangle,
    /// A cross.
    Cross,
    /// A hollow circle.
    RingCircle,
    /// A hollow square.
    RingSquare,
    /// A hollow triangle.
    RingTriangle,
    /// A plus.
    Plus,
}

const MARKERS: [Marker; 8] = [
    Marker::Circle,
    Marker::Square,
    Marker::Triangle,
    Marker::Cross,
    Marker::RingCircle,
    Marker::RingSquare,
    Marker::RingTriangle,
    Marker::Plus,
];

/// The colour and marker of the `i`-th series of a plot.
pub fn style(i: usize) -> (RGBColor, Marker) {
    (COLOURS[i % COLOURS.len()], MARKERS[i % MARKERS.len()])
}

/// Width of the whole image and of the legend panel to the right of the data area.
const WIDTH: u32 = 980;
const LEGEND_WIDTH: u32 = 220;
const HEIGHT: u32 = 480;

/// Draws median time against a parameter on log–log axes and writes an SVG file.
///
/// # Errors
/// A message when drawing or writing fails, or when there is nothing to draw.
pub fn time_against(
    path: &Path,
    title: &str,
    x_label: &str,
    series: &[Series],
) -> Result<(), String> {
    let points = series.iter().flat_map(|s| s.points.iter());
    let (mut x0, mut x1, mut y0, mut y1) = (f64::MAX, f64::MIN, f64::MAX, f64::MIN);
    for &(x, y) in points {
        x0 = x0.min(x);
        x1 = x1.max(x);
        y0 = y0.min(y);
        y1 = y1.max(y);
    }
    if x0 >= x1 || y0 > y1 || x0 <= 0.0 || y0 <= 0.0 {
        return Err(format!("{title}: not enough points to plot"));
    }
    let to_ms = 1e-6;
    let root = SVGBackend::new(path, (WIDTH, HEIGHT)).into_drawing_area();
    let err = |e: &dyn std::fmt::Display| format!("{}: {e}", path.display());
    root.fill(&WHITE).map_err(|e| err(&e))?;
    let (area, legend) = root.split_horizontally(WIDTH - LEGEND_WIDTH);
    let mut chart = ChartBuilder::on(&area)
        .caption(title, ("sans-serif", 20))
        .margin(12)
        .x_label_area_size(40)
        .y_label_area_size(70)
        .build_cartesian_2d(
            (x0 / 1.2..x1 * 1.2).log_scale(),
            (y0 * to_ms / 1.5..y1 * to_ms * 1.5).log_scale(),
        )
        .map_err(|e| err(&e))?;
    chart
        .configure_mesh()
        .x_desc(x_label)
        .y_desc("median time (ms)")
        .x_label_formatter(&|v| format!("{v:.0}"))
        .y_label_formatter(&|v| crate::report::format::significant(*v))
        .draw()
        .map_err(|e| err(&e))?;
    draw_lines(&mut chart, series, to_ms).map_err(|e| err(&e))?;
    draw_legend(&legend, series).map_err(|e| err(&e))?;
    root.present().map_err(|e| err(&e))
}

/// Draws values against a parameter on linear axes (for quality figures such as ratios) and
/// writes an SVG file.
///
/// # Errors
/// A message when drawing or writing fails, or when there is nothing to draw.
pub fn values_against(
    path: &Path,
    title: &str,
    x_label: &str,
    y_label: &str,
    series: &[Series],
) -> Result<(), String> {
    let pts = || series.iter().flat_map(|s| s.points.iter());
    let x0 = pts().map(|p| p.0).fold(f64::MAX, f64::min);
    let x1 = pts().map(|p| p.0).fold(f64::MIN, f64::max);
    let y1 = pts().map(|p| p.1).fold(f64::MIN, f64::max);
    let y0 = pts().map(|p| p.1).fold(f64::MAX, f64::min).min(1.0);
    if x0 >= x1 || !y1.is_finite() {
        return Err(format!("{title}: not enough points to plot"));
    }
    let root = SVGBackend::new(path, (WIDTH, HEIGHT)).into_drawing_area();
    let err = |e: &dyn std::fmt::Display| format!("{}: {e}", path.display());
    root.fill(&WHITE).map_err(|e| err(&e))?;
    let (area, legend) = root.split_horizontally(WIDTH - LEGEND_WIDTH);
    let mut chart = ChartBuilder::on(&area)
        .caption(title, ("sans-serif", 20))
        .margin(12)
        .x_label_area_size(40)
        .y_label_area_size(70)
        .build_cartesian_2d(x0..x1, y0..y1 + (y1 - y0) * 0.05)
        .map_err(|e| err(&e))?;
    chart
        .configure_mesh()
        .x_desc(x_label)
        .y_desc(y_label)
        .draw()
        .map_err(|e| err(&e))?;
    draw_lines(&mut chart, series, 1.0).map_err(|e| err(&e))?;
    draw_legend(&legend, series).map_err(|e| err(&e))?;
    root.present().map_err(|e| err(&e))
}

/// Draws every series (y scaled by `y_scale`) as a line with its markers. The legend is drawn
/// separately, outside the data area ([`draw_legend`]).
fn draw_lines<'a, DB, X, Y>(
    chart: &mut ChartContext<'a, DB, Cartesian2d<X, Y>>,
    series: &[Series],
    y_scale: f64,
) -> Result<(), DrawingAreaErrorKind<DB::ErrorType>>
where
    DB: DrawingBackend + 'a,
    X: Ranged<ValueType = f64>,
    Y: Ranged<ValueType = f64>,
{
    for (i, s) in series.iter().enumerate() {
        let (colour, shape) = style(i);
        let pts: Vec<(f64, f64)> = s.points.iter().map(|&(x, y)| (x, y * y_scale)).collect();
        chart.draw_series(LineSeries::new(pts.clone(), colour.stroke_width(2)))?;
        match shape {
            Marker::Circle => {
                chart.draw_series(pts.into_iter().map(|p| Circle::new(p, 4, colour.filled())))?
            }
            Marker::RingCircle => chart.draw_series(
                pts.into_iter()
                    .map(|p| Circle::new(p, 4, colour.stroke_width(2))),
            )?,
            Marker::Square => chart.draw_series(pts.into_iter().map(|p| {
                EmptyElement::at(p) + Rectangle::new([(-4, -4), (4, 4)], colour.filled())
            }))?,
            Marker::RingSquare => chart.draw_series(pts.into_iter().map(|p| {
                EmptyElement::at(p) + Rectangle::new([(-4, -4), (4, 4)], colour.stroke_width(2))
            }))?,
            Marker::Triangle => chart.draw_series(
                pts.into_iter()
                    .map(|p| TriangleMarker::new(p, 5, colour.filled())),
            )?,
            Marker::RingTriangle => chart.draw_series(
                pts.into_iter()
                    .map(|p| TriangleMarker::new(p, 5, colour.stroke_width(2))),
            )?,
            Marker::Cross => chart.draw_series(
                pts.into_iter()
                    .map(|p| Cross::new(p, 4, colour.stroke_width(2))),
            )?,
            Marker::Plus => chart.draw_series(pts.into_iter().map(|p| {
                EmptyElement::at(p)
                    + PathElement::new(vec![(-5, 0), (5, 0)], colour.stroke_width(2))
                    + PathElement::new(vec![(0, -5), (0, 5)], colour.stroke_width(2))
            }))?,
        };
    }
    Ok(())
}

/// The legend, in its own panel to the right of the data area, so it never covers a point.
fn draw_legend<DB: DrawingBackend>(
    area: &DrawingArea<DB, plotters::coord::Shift>,
    series: &[Series],
) -> Result<(), DrawingAreaErrorKind<DB::ErrorType>> {
    let font = ("sans-serif", 13).into_font().color(&BLACK);
    let step = (((HEIGHT - 60) as usize / series.len().max(1)) as i32).clamp(10, 20);
    for (i, s) in series.iter().enumerate() {
        let (colour, shape) = style(i);
        let y = 40 + step * i as i32;
        area.draw(&PathElement::new(
            vec![(8, y), (34, y)],
            colour.stroke_width(2),
        ))?;
        let c = (21, y);
        match shape {
            Marker::Circle => area.draw(&Circle::new(c, 4, colour.filled()))?,
            Marker::RingCircle => area.draw(&Circle::new(c, 4, colour.stroke_width(2)))?,
            Marker::Square => {
                area.draw(&Rectangle::new([(17, y - 4), (25, y + 4)], colour.filled()))?
            }
            Marker::RingSquare => area.draw(&Rectangle::new(
                [(17, y - 4), (25, y + 4)],
                colour.stroke_width(2),
            ))?,
            Marker::Triangle => area.draw(&TriangleMarker::new(c, 5, colour.filled()))?,
            Marker::RingTriangle => {
                area.draw(&TriangleMarker::new(c, 5, colour.stroke_width(2)))?
            }
            Marker::Cross => area.draw(&Cross::new(c, 4, colour.stroke_width(2)))?,
            Marker::Plus => {
                area.draw(&PathElement::new(
                    vec![(16, y), (26, y)],
                    colour.stroke_width(2),
                ))?;
                area.draw(&PathElement::new(
                    vec![(21, y - 5), (21, y + 5)],
                    colour.stroke_width(2),
                ))?;
            }
        }
        area.draw(&Text::new(s.label.clone(), (42, y - 7), font.clone()))?;
    }
    Ok(())
}

#[cfg(test)]
mod tests {
    use super::*;

    fn hex(c: RGBColor) -> String {
        format!("#{:02X}{:02X}{:02X}", c.0, c.1, c.2)
    }

    fn series(n: usize) -> Vec<Series> {
        (0..n)
            .map(|i| Series {
                label: format!("impl-{i}"),
                points: (1..=4)
                    .map(|x| (f64::from(x) * 10.0, 1e6 * (1.0 + i as f64) * f64::from(x)))
                    .collect(),
            })
            .collect()
    }

    #[test]
    fn twelve_series_get_twelve_colours_and_every_style_differs_up_to_24() {
        let hexes: std::collections::BTreeSet<String> = COLOURS.iter().map(|c| hex(*c)).collect();
        assert_eq!(hexes.len(), 12);
        let styles: std::collections::BTreeSet<(String, usize)> = (0..24)
            .map(|i| {
                let (c, m) = style(i);
                (hex(c), MARKERS.iter().position(|x| *x == m).unwrap())
            })
            .collect();
        assert_eq!(styles.len(), 24);
    }

    #[test]
    fn rendered_svg_has_distinct_colours_and_the_legend_outside_the_data_area() {
        let dir = std::env::temp_dir().join(format!("algobench-plot-{}", std::process::id()));
        std::fs::create_dir_all(&dir).unwrap();
        let path = dir.join("t.svg");
        time_against(&path, "t", "m (symbols)", &series(12)).unwrap();
        let svg = std::fs::read_to_string(&path).unwrap();
        assert!(svg.starts_with("<svg") && svg.trim_end().ends_with("</svg>"));
        for c in COLOURS {
            assert!(svg.contains(&hex(c)), "colour {} missing", hex(c));
        }
        assert!(
            svg.contains("median time (ms)"),
            "the y axis names its unit"
        );
        // Every legend label is drawn in the panel right of the data area.
        let legend_x = (WIDTH - LEGEND_WIDTH) as f64;
        for i in 0..12 {
            let label = format!("\nimpl-{i}\n");
            let at = svg
                .find(&label)
                .unwrap_or_else(|| panic!("{label} missing"));
            let tag = &svg[svg[..at].rfind("<text").unwrap()..at];
            let x: f64 = tag
                .split("x=\"")
                .nth(1)
                .and_then(|r| r.split('"').next())
                .and_then(|v| v.parse().ok())
                .unwrap();
            assert!(x >= legend_x, "{label} at x = {x} lies in the data area");
        }
        std::fs::remove_dir_all(&dir).ok();
    }
}
