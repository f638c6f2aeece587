import type { QualityLive } from '@protocol/events.ts';
import { useTwin } from '../net/runtime.tsx';
import { Stage } from '../ui/Stage.tsx';
import {
  costPerGoodPart,
  formatCostPerPart,
  formatEnergyPerPart,
  formatPpm,
  formatRate,
  formatYield,
  type ShownSide,
  type Side,
} from './compare.ts';

/**
 * One side of the story: its title and caption, the line in 3D, and its KPIs in large type; on a line with a meter
 * also the energy cost per good part (next to energy per part: tariff-aware shifts move the one and hardly the
 * other); on a line with quality (defects, inspections) also first-pass yield and escapes, which an inspection
 * change moves when OEE, throughput and energy do not.
 */
export function Pane({ shown: { side, tag, variant } }: { shown: ShownSide }) {
  return (
    <section className={`present-pane pane-${side}`} data-testid={`pane-${side}`} aria-label={variant.title}>
      <div className="pane-title">
        <span className="pane-tag">{tag}</span>
        <h2>{variant.title}</h2>
        <p>{variant.caption}</p>
      </div>
      <Stage className="present-stage" />
      <KpiOverlay side={side} />
    </section>
  );
}

function KpiOverlay({ side }: { side: Side }) {
  const kpi = useTwin((s) => s.kpi);
  const energy = formatEnergyPerPart(kpi?.kWhPerGoodPart);
  const priced = kpi?.meter?.cost !== undefined;
  const cost = costPerGoodPart(kpi);
  return (
    <div className={`present-kpis${kpi?.lineQuality ? ' present-kpis-quality' : ''}${priced ? ' present-kpis-cost' : ''}`}>
      <Big label="OEE" value={kpi ? (kpi.oee * 100).toFixed(1) : '–'} unit="%" id={`kpi-${side}-oee`} raw={kpi?.oee} />
      <Big
        label="Throughput"
        value={formatRate(kpi?.throughputPerHour)}
        unit="parts/h"
        id={`kpi-${side}-throughput`}
        raw={kpi?.throughputPerHour}
      />
      <Big label="Energy" value={energy.value} unit={energy.unit} id={`kpi-${side}-energy`} raw={kpi?.kWhPerGoodPart} />
      {priced ? <Big label="Energy cost" value={formatCostPerPart(cost)} unit="per part" id={`kpi-${side}-cost`} raw={cost} /> : null}
      {kpi?.lineQuality ? <QualityKpis side={side} q={kpi.lineQuality} partsEnded={kpi.good + kpi.scrap} /> : null}
    </div>
  );
}

/** First-pass yield and escapes (ppm of the parts shipped, with their count). */
function QualityKpis({ side, q, partsEnded }: { side: Side; q: QualityLive; partsEnded: number }) {
  return (
    <>
      <Big label="First-pass yield" value={formatYield(q, partsEnded)} unit="%" id={`kpi-${side}-fpy`} raw={q.firstPassYield} />
      <Big
        label="Escapes"
        value={formatPpm(q.escapePpm)}
        unit={`ppm · ${q.escapes.toLocaleString('en-US')} escaped`}
        id={`kpi-${side}-escapes`}
        raw={q.escapePpm}
      />
    </>
  );
}

function Big({ label, value, unit, id, raw }: { label: string; value: string; unit: string; id: string; raw: number | undefined }) {
  return (
    <div className="big-kpi" data-testid={id} data-value={raw ?? ''}>
      <span className="big-kpi-label">{label}</span>
      <span className="big-kpi-value">
        {value}
        <small> {unit}</small>
      </span>
    </div>
  );
}
