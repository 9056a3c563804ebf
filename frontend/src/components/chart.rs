//! Charts drawn by the app as inline SVG: horizontal bars for breakdowns, grouped bars for two
//! series per day, each with its numbers as a table under "Ver tabla".
//!
//! Plain functions, not components (every component type costs kilobytes of wasm; see
//! `field.rs`). Horizontal positions are percentages of the chart's width and vertical ones
//! pixels, so a chart fills any width, from a phone to a wide monitor, while its text keeps its
//! size. The geometry is in small pure functions, tested on the host.

use yew::prelude::*;

use crate::format;

/// One bar of a breakdown.
#[derive(Debug, Clone, PartialEq)]
pub struct Bar {
    pub label: String,
    pub value: f64,
    /// The value as shown on the chart and in the table.
    pub text: String,
    /// Drawn in the alert colour (e.g. cases older than a week).
    pub alert: bool,
}

impl Bar {
    pub fn count(label: impl Into<String>, n: i64) -> Bar {
        Bar { label: label.into(), value: n as f64, text: format::count(n), alert: false }
    }
}

/// One group of the two-series chart (a day): short axis label, full name, the two values.
#[derive(Debug, Clone, PartialEq)]
pub struct Group {
    pub axis_label: String,
    pub name: String,
    pub values: [i64; 2],
}

/// Height of one labelled bar of a horizontal bar chart, in pixels.
const ROW: f64 = 40.0;
/// Longest bar label drawn on the chart (the table has the whole label).
const MAX_LABEL_CHARS: usize = 34;
/// Plot of the two-series chart, in pixels: room above for the top tick, the plot, the day axis.
const PLOT_TOP: f64 = 18.0;
const PLOT_HEIGHT: f64 = 170.0;
const AXIS_HEIGHT: f64 = 26.0;
/// Most value ticks and day labels of the two-series chart.
const MOST_TICKS: usize = 5;
const MOST_DAY_LABELS: usize = 6;

/// The length of a bar for `value` when `max` fills the chart, in percent of its width (0 to
/// 100). Nothing is drawn for a value that is not positive, nor when every value is zero.
pub fn share(value: f64, max: f64) -> f64 {
    if value > 0.0 && max > 0.0 { (value / max * 100.0).min(100.0) } else { 0.0 }
}

/// The largest of `values`, and 0 for none.
pub fn max_of(values: impl IntoIterator<Item = f64>) -> f64 {
    values.into_iter().fold(0.0, f64::max)
}

/// Round ticks from 0 to at least `max`, at most `most + 1` of them, at steps of 1, 2 or 5 times
/// a power of ten (counts: never a fractional step). An empty chart gets the axis 0–1.
pub fn axis_ticks(max: i64, most: usize) -> Vec<i64> {
    let (max, most) = (max.max(1), most.max(1) as i64);
    let mut magnitude = 1;
    let step = loop {
        if let Some(step) = [1, 2, 5].into_iter().map(|m| m * magnitude).find(|s| (max + s - 1) / s <= most) {
            break step;
        }
        magnitude *= 10;
    };
    let top = (max + step - 1) / step * step;
    (0..=top / step).map(|i| i * step).collect()
}

/// The vertical position of `value` on the two-series plot whose top tick is `top`, in pixels.
pub fn y_of(value: i64, top: i64) -> f64 {
    let top = top.max(1) as f64;
    PLOT_TOP + PLOT_HEIGHT * (1.0 - (value as f64 / top).clamp(0.0, 1.0))
}

/// Where group `i` of `n` starts and how wide it is, in percent of the chart's width.
pub fn slot(i: usize, n: usize) -> (f64, f64) {
    let width = 100.0 / n.max(1) as f64;
    (i as f64 * width, width)
}

/// Which of `n` groups get an axis label: the first, the last, and evenly spaced ones between,
/// at most `most` in all, never so close to the last that they would overlap it.
pub fn label_indices(n: usize, most: usize) -> Vec<usize> {
    if n == 0 {
        return Vec::new();
    }
    let step = (n - 1).div_ceil(most.max(2) - 1).max(1);
    let mut indices: Vec<usize> = (0..n - 1).step_by(step).collect();
    if indices.last().is_some_and(|&last| last > 0 && (n - 1 - last) * 3 < step * 2) {
        indices.pop();
    }
    indices.push(n - 1);
    indices.dedup();
    indices
}

/// A label cut to what fits next to the value.
pub fn fit_label(label: &str) -> String {
    if label.chars().count() <= MAX_LABEL_CHARS {
        return label.to_owned();
    }
    let mut cut: String = label.chars().take(MAX_LABEL_CHARS - 1).collect();
    cut.push('…');
    cut
}

fn pct(x: f64) -> String {
    format!("{x:.3}%")
}

fn px(y: f64) -> String {
    format!("{y:.1}")
}

/// What a screen reader says for a bar chart: the title and every label with its value.
pub fn describe(title: &str, bars: &[Bar]) -> String {
    let values: Vec<String> = bars.iter().map(|b| format!("{}: {}", b.label, b.text)).collect();
    format!("{title}. {}.", values.join("; "))
}

/// A horizontal bar chart: each bar under its label, the value at the right.
pub fn bar_chart(title: &str, bars: &[Bar]) -> Html {
    let max = max_of(bars.iter().map(|b| b.value));
    let summary = describe(title, bars);
    html! {
        <svg class="chart bars" width="100%" height={px(ROW * bars.len() as f64)} role="img"
            aria-label={summary.clone()}>
            <title>{ summary }</title>
            { for bars.iter().enumerate().map(|(i, bar)| {
                let top = i as f64 * ROW;
                let length = share(bar.value, max);
                html! {
                    <g>
                        <text class="label" x="0" y={px(top + 15.0)}>{ fit_label(&bar.label) }</text>
                        <text class="value" x="100%" y={px(top + 15.0)} text-anchor="end">{ &bar.text }</text>
                        <rect class="track" x="0" y={px(top + 21.0)} width="100%" height="12" rx="2" />
                        if length > 0.0 {
                            // A bar of one case among thousands is still visible.
                            <rect class={classes!("bar", bar.alert.then_some("alert"))} x="0" y={px(top + 21.0)}
                                width={pct(length.max(0.6))} height="12" rx="2" />
                        }
                    </g>
                }
            }) }
        </svg>
    }
}

/// Two series side by side for each group (e.g. registered and resolved per day), with a value
/// axis and day labels. `summary` is what a screen reader says for the chart.
pub fn grouped_bar_chart(summary: &str, series: [&str; 2], groups: &[Group]) -> Html {
    let max = groups.iter().flat_map(|g| g.values).max().unwrap_or(0);
    let ticks = axis_ticks(max, MOST_TICKS);
    let top = ticks.last().copied().unwrap_or(1);
    let labels = label_indices(groups.len(), MOST_DAY_LABELS);
    let baseline = y_of(0, top);
    let n = groups.len();
    html! {
        <>
            <ul class="legend">
                <li><span class="swatch first"></span>{ series[0] }</li>
                <li><span class="swatch second"></span>{ series[1] }</li>
            </ul>
            <svg class="chart groups" width="100%" height={px(PLOT_TOP + PLOT_HEIGHT + AXIS_HEIGHT)} role="img"
                aria-label={summary.to_owned()}>
                <title>{ summary }</title>
                { for ticks.iter().map(|t| {
                    let y = y_of(*t, top);
                    html! { <line class={classes!("grid", (*t == 0).then_some("base"))} x1="0" x2="100%" y1={px(y)} y2={px(y)} /> }
                }) }
                { for groups.iter().enumerate().map(|(i, g)| {
                    let (start, width) = slot(i, n);
                    let bar = |k: usize, class: &'static str| {
                        let y = y_of(g.values[k], top);
                        (g.values[k] > 0).then(|| html! {
                            <rect class={classes!("bar", class)} x={pct(start + width * (0.12 + 0.38 * k as f64))}
                                y={px(y)} width={pct(width * 0.38)} height={px(baseline - y)} />
                        })
                    };
                    html! {
                        <g>
                            <title>{ format!("{}: {} {}, {} {}", g.name, g.values[0], series[0].to_lowercase(),
                                g.values[1], series[1].to_lowercase()) }</title>
                            // The whole column answers the pointer, not only the bars.
                            <rect class="hit" x={pct(start)} y={px(PLOT_TOP)} width={pct(width)} height={px(PLOT_HEIGHT)} />
                            { bar(0, "first") }
                            { bar(1, "second") }
                        </g>
                    }
                }) }
                // Value labels over the bars, with a halo (app.css) so they stay legible.
                { for ticks.iter().map(|t| html! {
                    <text class="tick" x="2" y={px(y_of(*t, top) - 4.0)}>{ format::count(*t) }</text>
                }) }
                { for labels.iter().map(|&i| {
                    let (start, width) = slot(i, n);
                    let (x, anchor) = match i {
                        0 => (start, "start"),
                        i if i + 1 == n => (start + width, "end"),
                        _ => (start + width / 2.0, "middle"),
                    };
                    html! {
                        <text class="tick day" x={pct(x)} y={px(PLOT_TOP + PLOT_HEIGHT + 18.0)} text-anchor={anchor}>
                            { &groups[i].axis_label }
                        </text>
                    }
                }) }
            </svg>
        </>
    }
}

/// The numbers of a chart as a table, folded under "Ver tabla": the first column names the
/// rows (`<th scope="row">`), the others are numbers; `foot` is an optional total row.
pub fn table_details(
    id: &str,
    title: &str,
    head: &[&str],
    rows: Vec<(String, Vec<String>)>,
    foot: Option<(String, Vec<String>)>,
) -> Html {
    let row = |(name, cells): (String, Vec<String>)| {
        html! {
            <tr>
                <th scope="row">{ name }</th>
                { for cells.into_iter().map(|c| html! { <td class="num">{ c }</td> }) }
            </tr>
        }
    };
    html! {
        <details class="chart-table">
            <summary>{ "Ver tabla" }<span class="visually-hidden">{ format!(": {title}") }</span></summary>
            <div class="table-wrap">
                <table id={id.to_owned()}>
                    <caption class="visually-hidden">{ title.to_owned() }</caption>
                    <thead><tr>
                        { for head.iter().enumerate().map(|(i, h)| html! {
                            <th scope="col" class={(i > 0).then_some("num")}>{ *h }</th>
                        }) }
                    </tr></thead>
                    <tbody>{ for rows.into_iter().map(row) }</tbody>
                    if let Some(total) = foot { <tfoot>{ row(total) }</tfoot> }
                </table>
            </div>
        </details>
    }
}

/// The table of a bar chart: label and value.
pub fn bars_table(id: &str, title: &str, head: [&str; 2], bars: &[Bar]) -> Html {
    let rows = bars.iter().map(|b| (b.label.clone(), vec![b.text.clone()])).collect();
    table_details(id, title, &head, rows, None)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn bars_are_proportional_to_their_values() {
        assert_eq!(share(10.0, 10.0), 100.0);
        assert_eq!(share(5.0, 10.0), 50.0);
        assert_eq!(share(1.0, 4.0), 25.0);
        assert!((share(1.0, 3.0) * 3.0 - 100.0).abs() < 1e-9);
    }

    #[test]
    fn nothing_is_drawn_for_zero_negative_or_missing_values() {
        assert_eq!(share(0.0, 10.0), 0.0);
        assert_eq!(share(0.0, 0.0), 0.0, "every value zero: no division by zero");
        assert_eq!(share(3.0, 0.0), 0.0);
        assert_eq!(share(-2.0, 10.0), 0.0);
        assert_eq!(share(f64::NAN, 10.0), 0.0);
        assert_eq!(share(12.0, 10.0), 100.0, "never wider than the chart");
        assert_eq!(max_of([]), 0.0);
        assert_eq!(max_of([2.0, 7.5, 3.0]), 7.5);
    }

    #[test]
    fn axis_ticks_are_round_and_cover_the_largest_value() {
        assert_eq!(axis_ticks(0, 5), [0, 1], "an empty chart still has an axis");
        assert_eq!(axis_ticks(1, 5), [0, 1]);
        assert_eq!(axis_ticks(4, 5), [0, 1, 2, 3, 4]);
        assert_eq!(axis_ticks(7, 5), [0, 2, 4, 6, 8]);
        assert_eq!(axis_ticks(10, 5), [0, 2, 4, 6, 8, 10]);
        assert_eq!(axis_ticks(11, 5), [0, 5, 10, 15]);
        assert_eq!(axis_ticks(100, 5), [0, 20, 40, 60, 80, 100]);
        assert_eq!(axis_ticks(1234, 5), [0, 500, 1000, 1500]);
        for max in 0..2000 {
            let ticks = axis_ticks(max, 5);
            assert!(ticks.len() <= 6 && ticks.len() >= 2, "{max}: {ticks:?}");
            assert!(*ticks.last().unwrap_or(&0) >= max, "{max}: {ticks:?}");
        }
    }

    #[test]
    fn the_value_scale_runs_from_the_baseline_to_the_top_tick() {
        assert_eq!(y_of(0, 10), PLOT_TOP + PLOT_HEIGHT);
        assert_eq!(y_of(10, 10), PLOT_TOP);
        assert_eq!(y_of(5, 10), PLOT_TOP + PLOT_HEIGHT / 2.0);
        assert_eq!(y_of(0, 0), PLOT_TOP + PLOT_HEIGHT, "a zero top does not divide by zero");
        assert_eq!(y_of(20, 10), PLOT_TOP, "clamped to the plot");
    }

    #[test]
    fn groups_share_the_width_equally() {
        assert_eq!(slot(0, 4), (0.0, 25.0));
        assert_eq!(slot(3, 4), (75.0, 25.0));
        assert_eq!(slot(0, 0), (0.0, 100.0));
    }

    #[test]
    fn day_labels_include_both_ends_and_do_not_crowd() {
        assert_eq!(label_indices(0, 6), Vec::<usize>::new());
        assert_eq!(label_indices(1, 6), [0]);
        assert_eq!(label_indices(2, 6), [0, 1]);
        assert_eq!(label_indices(5, 6), [0, 1, 2, 3, 4]);
        assert_eq!(label_indices(30, 6), [0, 6, 12, 18, 24, 29]);
        assert_eq!(label_indices(8, 6), [0, 2, 4, 7], "6 would crowd the last label");
        for n in 1..400 {
            let labels = label_indices(n, 6);
            assert_eq!(labels.first(), Some(&0), "{n}");
            assert_eq!(labels.last(), Some(&(n - 1)), "{n}");
            assert!(labels.len() <= 6, "{n}: {labels:?}");
            assert!(labels.windows(2).all(|w| w[0] < w[1]), "{n}: {labels:?}");
        }
    }

    #[test]
    fn long_labels_are_cut_with_an_ellipsis() {
        assert_eq!(fit_label("Coactiva"), "Coactiva");
        let long = "Santo Domingo de los Tsáchilas y algo más largo";
        let cut = fit_label(long);
        assert_eq!(cut.chars().count(), MAX_LABEL_CHARS);
        assert!(cut.ends_with('…'));
    }

    #[test]
    fn a_chart_is_described_with_every_value() {
        let bars = [Bar::count("Coactiva", 3), Bar::count("Extrajudicial", 1234)];
        assert_eq!(describe("Por tipo", &bars), "Por tipo. Coactiva: 3; Extrajudicial: 1.234.");
    }
}
