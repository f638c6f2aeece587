import { useState } from 'react';
import { useRuntime, useTwin } from '../net/runtime.tsx';
import { selectStation } from '../state/store.ts';
import { formatDuration, formatNumber, formatPercent } from './format.ts';
import { Crews } from './Crews.tsx';
import { EnergyView } from './EnergyView.tsx';
import { KpiChart } from './KpiChart.tsx';
import { ProductOutput, yieldTile } from './QualityFacts.tsx';

/**
 * Line KPIs (updated once a second by the server) with live throughput and power charts, crews when the line has
 * them, and the energy view (kWh by station and state) behind a toggle: it asks the server only while open.
 */
export function KpiPanel() {
  const { store } = useRuntime();
  const kpi = useTwin((s) => s.kpi);
  const history = useTwin((s) => s.kpiHistory);
  const hideBottleneck = useTwin((s) => s.hideBottleneck);
  const products = useTwin((s) => s.products);
  const [energyOpen, setEnergyOpen] = useState(false);
  const fpy = kpi?.lineQuality ? yieldTile(kpi.lineQuality, kpi.good + kpi.scrap) : null;
  return (
    <section className="panel kpis" data-testid="kpi-panel" aria-label="Line KPIs">
      <h2>Line performance</h2>
      <div className="kpi-grid">
        <Kpi label="Throughput" value={formatNumber(kpi?.throughputPerHour, 0)} unit="parts/h" big />
        <Kpi
          label="OEE"
          value={formatPercent(kpi?.oee)}
          big
          sub={
            kpi
              ? `A ${formatPercent(kpi.availability, 0)} · P ${formatPercent(kpi.performance, 0)} · Q ${formatPercent(kpi.quality, 1)}`
              : undefined
          }
        />
        <Kpi label="Good / scrap" value={`${formatNumber(kpi?.good)} / ${formatNumber(kpi?.scrap)}`} />
        <Kpi
          label="WIP"
          value={formatNumber(kpi?.wip)}
          unit="parts"
          sub={kpi ? `lead time ${formatDuration(kpi.leadTimeMean)}` : undefined}
        />
        <Kpi
          label="Power now"
          value={formatNumber(kpi?.powerKW, 1)}
          unit="kW"
          sub={kpi ? `peak ${formatNumber(kpi.peakKW, 1)} kW` : undefined}
        />
        <Kpi
          label="Energy"
          value={formatNumber(kpi?.kWh, 1)}
          unit="kWh"
          sub={kpi ? `${formatNumber(kpi.kWhPerGoodPart * 1000, 1)} Wh / good part` : undefined}
        />
        {fpy ? <Kpi label="First-pass yield" value={fpy.value} sub={fpy.sub} testId="kpi-fpy" /> : null}
        {kpi?.meter?.cost !== undefined ? (
          <Kpi
            label="Energy cost"
            value={formatNumber(kpi.meter.cost, 2)}
            sub={`now ${formatNumber(kpi.meter.priceNow, 3)} / kWh · ${formatNumber(kpi.meter.costRate, 2)} / h`}
            testId="kpi-energy-cost"
          />
        ) : null}
        {kpi?.meter?.peakWindowKW !== undefined ? (
          <Kpi
            label="Demand peak"
            value={formatNumber(kpi.meter.peakWindowKW, 1)}
            unit="kW"
            sub={`charge ${formatNumber(kpi.meter.demandCharge, 2)}`}
            testId="kpi-demand-peak"
          />
        ) : null}
        {hideBottleneck ? null : (
          <div className="kpi wide">
            <span className="kpi-label">Bottleneck</span>
            {kpi?.bottleneck ? (
              <button
                type="button"
                className="link kpi-value"
                data-testid="bottleneck"
                onClick={() => selectStation(store, kpi.bottleneck, true)}
              >
                {kpi.bottleneck}
              </button>
            ) : (
              <span className="kpi-value">–</span>
            )}
          </div>
        )}
      </div>
      <button
        type="button"
        className={`energy-toggle${energyOpen ? ' on' : ''}`}
        data-testid="btn-energy-view"
        aria-pressed={energyOpen}
        onClick={() => setEnergyOpen(!energyOpen)}
      >
        {energyOpen ? 'Hide energy by station' : 'Energy by station and state'}
      </button>
      {energyOpen ? <EnergyView onClose={() => setEnergyOpen(false)} /> : null}
      {kpi?.products && kpi.products.length > 0 ? <ProductOutput products={kpi.products} colours={products} /> : null}
      {kpi?.crews && kpi.crews.length > 0 ? <Crews crews={kpi.crews} /> : null}
      <KpiChart t={history.t} y={history.throughput} label="Throughput" unit="parts/h" color="#22c55e" testId="chart-throughput" />
      <KpiChart t={history.t} y={history.power} label="Power" unit="kW" color="#f59e0b" testId="chart-power" />
    </section>
  );
}

interface KpiProps {
  label: string;
  value: string;
  unit?: string;
  sub?: string | undefined;
  big?: boolean;
  testId?: string;
}

function Kpi({ label, value, unit, sub, big, testId }: KpiProps) {
  return (
    <div className={`kpi${big ? ' big' : ''}`} data-testid={testId}>
      <span className="kpi-label">{label}</span>
      <span className="kpi-value">
        {value}
        {unit ? <small> {unit}</small> : null}
      </span>
      {sub ? <span className="kpi-sub">{sub}</span> : null}
    </div>
  );
}
