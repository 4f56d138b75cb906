/**
 * <apex-chart>: an ApexCharts chart driven entirely by its `config` property (the ApexCharts options object),
 * which the server sets as JSON (see the portal's ApexChart Java class). Colors given as CSS custom properties
 * (e.g. "var(--lumo-primary-color)") are resolved against the page's theme before ApexCharts sees them, so charts
 * follow the Lumo theme. Renders into light DOM so that ApexCharts' global stylesheet applies.
 *
 * Texts are customer and model names, so they are kept from ever becoming markup. The server sends every text
 * HTML-escaped. ApexCharts writes some texts as markup (innerHTML: the legend, the tooltip's title, series names and
 * values, the x-axis tooltip) and others as text nodes (the SVG title, axis titles and labels, the no-data text).
 * Where it writes markup, this element's formatters read the server's escaping back and escape again, so a name
 * shows as typed and even an unescaped text cannot become markup; where it writes text nodes, the element hands
 * ApexCharts the text read back, so that "<b>" does not show as "&lt;b&gt;".
 */
import ApexCharts from 'apexcharts';

type Options = Record<string, unknown>;

/** The five entities the server writes (Spring's HtmlUtils.htmlEscape with UTF-8), and no others. */
const ENTITIES: Record<string, string> = { '&amp;': '&', '&lt;': '<', '&gt;': '>', '&quot;': '"', '&#39;': "'" };

/** The server's escaped text read back into text; one pass, so "&amp;lt;" reads "&lt;". */
export function unescapeHtml(value: unknown): string {
  return String(value ?? '').replace(/&(?:amp|lt|gt|quot|#39);/g, (entity) => ENTITIES[entity]);
}

export function escapeHtml(text: string): string {
  return text.replace(/&/g, '&amp;').replace(/</g, '&lt;').replace(/>/g, '&gt;').replace(/"/g, '&quot;')
    .replace(/'/g, '&#39;');
}

/** For a place where ApexCharts writes markup: the text as it reads, escaped once. */
const markup = (value: unknown): string => escapeHtml(unescapeHtml(value));

const object = (value: unknown): Options => (value && typeof value === 'object' ? (value as Options) : {});

/** `holder.title.text` (the chart's or an axis's title, an SVG text node) read back; absent stays absent. */
function withPlainTitle(holder: unknown): Options {
  const node = object(holder);
  const title = node['title'];
  if (title === undefined || object(title)['text'] === undefined) {
    return node;
  }
  return { ...node, title: { ...object(title), text: unescapeHtml(object(title)['text']) } };
}

/** The options with every text made safe for where ApexCharts writes it (see the comment at the top). */
function withSafeText(config: Options): Options {
  const yaxis = config['yaxis'];
  const decimals = Number(object(Array.isArray(yaxis) ? yaxis[0] : yaxis)['decimalsInFloat'] ?? 0);
  const xaxis = withPlainTitle(config['xaxis']);
  const tooltip = object(config['tooltip']);
  const tooltipY = object(tooltip['y']);
  return {
    ...withPlainTitle(config),
    noData: { ...object(config['noData']), text: unescapeHtml(object(config['noData'])['text']) },
    yaxis: Array.isArray(yaxis) ? yaxis.map(withPlainTitle) : withPlainTitle(yaxis),
    xaxis: {
      ...xaxis,
      // SVG text nodes: the label as it reads
      labels: { ...object(xaxis['labels']), formatter: (value: unknown) => unescapeHtml(value) },
      tooltip: { ...object(xaxis['tooltip']), formatter: markup },
    },
    legend: { ...object(config['legend']), formatter: markup },
    tooltip: {
      ...tooltip,
      x: { ...object(tooltip['x']), formatter: markup },
      y: {
        ...tooltipY,
        formatter: (value: unknown) => markup(typeof value === 'number' ? value.toFixed(decimals) : value),
        title: { ...object(tooltipY['title']), formatter: markup },
      },
    },
  };
}

class ApexChartElement extends HTMLElement {
  private chart?: ApexCharts;
  private _config: Options = {};

  get config(): Options {
    return this._config;
  }

  set config(value: Options) {
    this._config = value ?? {};
    this.render();
  }

  connectedCallback() {
    this.style.display = 'block';
    this.render();
  }

  disconnectedCallback() {
    this.chart?.destroy();
    this.chart = undefined;
  }

  private render() {
    if (!this.isConnected) {
      return;
    }
    const options = withSafeText(this.resolveThemeColors(this._config));
    if (this.chart) {
      this.chart.updateOptions(options, true, false);
      return;
    }
    const target = document.createElement('div');
    this.replaceChildren(target);
    this.chart = new ApexCharts(target, options);
    this.chart.render().then(() => {
      this.dispatchEvent(new CustomEvent('chart-rendered'));
    });
  }

  private resolveThemeColors(config: Options): Options {
    const colors = config['colors'];
    if (!Array.isArray(colors)) {
      return config;
    }
    const style = getComputedStyle(this);
    const resolved = colors.map((c) => {
      const match = typeof c === 'string' ? /^var\((--[\w-]+)\)$/.exec(c.trim()) : null;
      return match ? style.getPropertyValue(match[1]).trim() || c : c;
    });
    return { ...config, colors: resolved };
  }
}

customElements.define('apex-chart', ApexChartElement);
