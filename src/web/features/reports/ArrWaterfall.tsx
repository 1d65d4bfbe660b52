import { BarChart } from '@mantine/charts';
import { VisuallyHidden } from '@mantine/core';
import { useMediaQuery } from '@mantine/hooks';
import { formatMoney } from '../../ui/format.ts';
import type { ArrMovement } from '../contracts/index.ts';

/** The steps from starting to ending ARR; the chart mutates its rows, so they are made afresh each time. */
export function waterfallSteps(m: ArrMovement) {
  return [
    { name: 'Starting', arr: m.startingArr, color: 'gray.6' },
    { name: 'New', arr: m.newArr, color: 'teal.6' },
    { name: 'Expansion', arr: m.expansion, color: 'teal.4' },
    { name: 'Contraction', arr: -m.contraction, color: 'orange.6' },
    { name: 'Churn', arr: -m.churn, color: 'red.6' },
    // A standalone bar is drawn from zero: the total the steps arrive at.
    { name: 'Ending', arr: m.endingArr, color: 'indigo.6', standalone: true },
  ];
}

/** Starting ARR, then what new business, expansion, contraction and churn did to it, to ending ARR. */
export function ArrWaterfall({ movement }: { movement: ArrMovement }) {
  const steps = waterfallSteps(movement);
  // On a phone the six names do not fit side by side and the chart dropped every other one: slant them.
  const narrow = useMediaQuery('(max-width: 36em)');
  return (
    <>
      <BarChart
        h={300}
        data={waterfallSteps(movement)}
        dataKey="name"
        type="waterfall"
        series={[{ name: 'arr', label: 'ARR', color: 'indigo.6' }]}
        valueFormatter={(v) => formatMoney(v)}
        yAxisProps={{ tickFormatter: (v: number) => formatMoney(v, { compact: true }) }}
        xAxisProps={
          narrow
            ? {
                interval: 0,
                height: 64,
                tick: { angle: -35, textAnchor: 'end', fontSize: 11, fill: 'currentColor' },
              }
            : { interval: 0 }
        }
        withLegend={false}
        maxBarWidth={80}
        gridAxis="y"
        aria-hidden
      />
      <VisuallyHidden>
        <table>
          <caption>ARR movement</caption>
          <tbody>
            {steps.map((s) => (
              <tr key={s.name}>
                <th scope="row">{s.name}</th>
                <td>{formatMoney(s.arr)}</td>
              </tr>
            ))}
          </tbody>
        </table>
      </VisuallyHidden>
    </>
  );
}
