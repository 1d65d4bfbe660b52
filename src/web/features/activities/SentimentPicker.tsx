import { SegmentedControl, Stack, Text } from '@mantine/core';
import { useId } from 'react';
import { type SentimentChoice, sentimentOptions } from './labels.ts';

/** How a conversation went, as a row of choices under the label "Sentiment" (— for not given). */
export function SentimentPicker({
  value,
  onChange,
  fullWidth,
}: {
  value: SentimentChoice;
  onChange: (value: SentimentChoice) => void;
  fullWidth?: boolean;
}) {
  const labelId = useId();
  return (
    <Stack gap={4}>
      <Text size="sm" fw={500} id={labelId}>
        Sentiment
      </Text>
      <SegmentedControl
        aria-labelledby={labelId}
        value={value}
        onChange={(v) => onChange(v as SentimentChoice)}
        data={sentimentOptions}
        fullWidth={fullWidth}
      />
    </Stack>
  );
}
