/**
 * <apex-chart>: an ApexCharts chart driven entirely by its `config` property (the ApexCharts options object),
 * which the server sets as JSON (see the portal's ApexChart Java class). Colors given as CSS custom properties
 * (e.g. "var(--lumo-primary-color)") are resolved against the page's theme before ApexCharts sees them, so charts
 * follow the Lumo theme. Renders into light DOM so that ApexCharts' global stylesheet applies.
 */
import ApexCharts from 'apexcharts';

class ApexChartElement extends HTMLElement {
  private chart?: ApexCharts;
  private _config: Record<string, unknown> = {};

  get config(): Record<string, unknown> {
    return this._config;
  }

  set config(value: Record<string, unknown>) {
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
    const options = this.resolveThemeColors(this._config);
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

  private resolveThemeColors(config: Record<string, unknown>): Record<string, unknown> {
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
