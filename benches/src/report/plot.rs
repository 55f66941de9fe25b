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

const COLOURS: [RGBColor; 10] = [
    RGBColor(31, 119, 180),
    RGBColor(255, 127, 14),
    RGBColor(44, 160, 44),
    RGBColor(214, 39, 40),
    RGBColor(148, 103, 189),
    RGBColor(140, 86, 75),
    RGBColor(227, 119, 194),
    RGBColor(127, 127, 127),
    RGBColor(188, 189, 34),
    RGBColor(23, 190, 207),
];

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
    let root = SVGBackend::new(path, (760, 480)).into_drawing_area();
    let err = |e: &dyn std::fmt::Display| format!("{}: {e}", path.display());
    root.fill(&WHITE).map_err(|e| err(&e))?;
    let mut chart = ChartBuilder::on(&root)
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
    let root = SVGBackend::new(path, (760, 480)).into_drawing_area();
    let err = |e: &dyn std::fmt::Display| format!("{}: {e}", path.display());
    root.fill(&WHITE).map_err(|e| err(&e))?;
    let mut chart = ChartBuilder::on(&root)
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
    root.present().map_err(|e| err(&e))
}

/// Draws every series (y scaled by `y_scale`) with points and a legend.
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
        let colour = COLOURS[i % COLOURS.len()];
        let pts: Vec<(f64, f64)> = s.points.iter().map(|&(x, y)| (x, y * y_scale)).collect();
        chart
            .draw_series(LineSeries::new(pts.clone(), colour.stroke_width(2)))?
            .label(s.label.clone())
            .legend(move |(x, y)| {
                PathElement::new(vec![(x, y), (x + 18, y)], colour.stroke_width(2))
            });
        chart.draw_series(pts.into_iter().map(|p| Circle::new(p, 3, colour.filled())))?;
    }
    chart
        .configure_series_labels()
        .position(SeriesLabelPosition::UpperLeft)
        .background_style(WHITE.mix(0.8))
        .border_style(BLACK)
        .draw()
}
