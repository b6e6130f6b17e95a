import { LitElement, css, html, unsafeCSS, type PropertyValues } from 'lit';
import { customElement, property, query } from 'lit/decorators.js';
import uPlot from 'uplot';
import uPlotCss from 'uplot/dist/uPlot.min.css';

/** One line of a chart. */
export interface ChartSeries {
  label: string;
  stroke: string;
  fill?: string;
}

/**
 * A live uPlot chart. The plot is built once and fed with `setData` on every
 * update, which keeps one-second refreshes cheap.
 *
 * @summary Time series or histogram chart.
 * @csspart frame - The box the plot is drawn in.
 */
@customElement('admin-chart')
export class AdminChart extends LitElement {
  static override styles = [
    unsafeCSS(uPlotCss),
    css`
      :host {
        display: block;
        min-width: 0;
      }
      .frame {
        width: 100%;
      }
      .u-legend {
        font-size: 12px;
        color: #8b98a5;
      }
    `,
  ];

  /** The series, in the order of `data` after its x column. */
  @property({ attribute: false }) series: ChartSeries[] = [];
  /** `[xs, ys1, ys2, ...]`; x in seconds for time charts. */
  @property({ attribute: false }) data: uPlot.AlignedData = [[]];
  /** `time` draws a time axis; `bars` draws a histogram with labelled buckets. */
  @property() kind: 'time' | 'bars' = 'time';
  /** Plot height in px. */
  @property({ type: Number }) height = 160;
  /** Unit appended to y values, e.g. `ms`. */
  @property() unit = '';
  /** For `bars`: the label of each x index (bucket bounds). */
  @property({ attribute: false }) xLabels: string[] = [];

  @query('.frame') private frame!: HTMLDivElement;

  private plot: uPlot | null = null;
  private resizeObserver: ResizeObserver | null = null;

  override disconnectedCallback(): void {
    super.disconnectedCallback();
    this.resizeObserver?.disconnect();
    this.resizeObserver = null;
    this.plot?.destroy();
    this.plot = null;
  }

  protected override updated(changed: PropertyValues<this>): void {
    if (!this.plot || changed.has('series') || changed.has('kind') || changed.has('xLabels')) {
      this.build();
    } else if (changed.has('data')) {
      this.plot.setData(this.data);
    }
  }

  private build(): void {
    this.plot?.destroy();
    const width = Math.max(200, this.frame.clientWidth);
    this.plot = new uPlot(this.options(width), this.data, this.frame);
    if (!this.resizeObserver) {
      this.resizeObserver = new ResizeObserver(() => {
        const w = Math.max(200, this.frame.clientWidth);
        this.plot?.setSize({ width: w, height: this.height });
      });
      this.resizeObserver.observe(this.frame);
    }
  }

  private options(width: number): uPlot.Options {
    const unit = this.unit;
    const axis: uPlot.Axis = {
      stroke: '#8b98a5',
      font: '11px system-ui, sans-serif',
      grid: { stroke: '#2b3540', width: 1 },
      ticks: { stroke: '#2b3540', width: 1 },
    };
    const bars = this.kind === 'bars';
    const labels = this.xLabels;
    const xAxis: uPlot.Axis = bars
      ? {
          ...axis,
          splits: () => labels.map((_l, i) => i),
          values: (_u, ticks) => ticks.map((v) => labels[v] ?? ''),
        }
      : axis;
    return {
      width,
      height: this.height,
      scales: { x: bars ? { time: false, range: [-0.5, labels.length - 0.5] } : { time: true } },
      axes: [xAxis, { ...axis, size: 56, values: (_u, ticks) => ticks.map((v) => `${v}${unit}`) }],
      legend: { show: true, live: !bars },
      cursor: { drag: { x: false, y: false } },
      series: [
        {},
        ...this.series.map((s) => ({
          label: s.label,
          stroke: s.stroke,
          fill: s.fill,
          width: 1.5,
          points: { show: false },
          ...(bars ? { paths: uPlot.paths.bars?.({ size: [0.8, 60] }) } : {}),
        })),
      ],
    };
  }

  override render() {
    return html`<div class="frame" part="frame"></div>`;
  }
}

declare global {
  interface HTMLElementTagNameMap {
    'admin-chart': AdminChart;
  }
}
