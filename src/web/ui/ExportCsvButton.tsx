import { Button } from '@mantine/core';
import { IconDownload } from '@tabler/icons-react';
import { type ExportEntity, exportCsvUrl, type QueryValue } from './exportCsv.ts';

/**
 * "Export CSV": a plain download link to the list's export, so the browser streams the file itself
 * (the session cookie signs the request in).
 */
export function ExportCsvButton({
  entity,
  filters,
}: {
  entity: ExportEntity;
  filters?: Readonly<Record<string, QueryValue | readonly QueryValue[]>>;
}) {
  return (
    <Button
      component="a"
      href={exportCsvUrl(entity, filters)}
      download
      variant="default"
      leftSection={<IconDownload size={16} aria-hidden />}
    >
      Export CSV
    </Button>
  );
}
