/**
 * The demo behind `npm run demo`: starts the local emulator with 45 sample alerts and lists every
 * pending alert page by page through `SasClient`, the way an operator sees them before handling.
 * No account and no network are needed: everything runs on 127.0.0.1.
 */
import { SasClient, type SuspEvent } from 'alicloud-alert-handler';
import { sampleAlerts, startEmulator } from 'alicloud-alert-handler/emulator';

const STATUS: Record<number, string> = { 1: 'Pending', 2: 'Ignored', 8: 'False positive', 32: 'Handled' };

function show(event: SuspEvent, index: number): string {
  return [
    `[Alert ${index}] ID: ${event.Id}`,
    `- Name: ${event.AlarmEventNameDisplay}`,
    `- Type: ${event.AlarmEventTypeDisplay ?? event.AlarmEventType}`,
    `- Severity: ${event.Level}`,
    `- Asset: ${event.InternetIp ?? '-'} / ${event.IntranetIp ?? '-'}`,
    `- Status: ${STATUS[event.EventStatus ?? 0] ?? event.EventStatus}`,
    `- Time: ${event.LastTime}`,
  ].join('\n');
}

const emulator = await startEmulator({ alerts: sampleAlerts(45) });
try {
  console.log(
    `Emulator listening on http://${emulator.endpoint} (test credentials, nothing leaves this machine)\n`,
  );
  const sas = new SasClient({
    endpoint: emulator.endpoint,
    protocol: 'http',
    credential: emulator.credentials,
  });

  const lines: string[] = [];
  let total = 0;
  for (let page = 1; ; page++) {
    const response = await sas.describeSuspEvents({
      CurrentPage: String(page),
      PageSize: '20',
      Levels: 'serious,suspicious,remind',
      Dealed: 'N',
      Lang: 'en',
    });
    const events = response.SuspEvents ?? [];
    total = response.TotalCount ?? total;
    for (const event of events) lines.push(show(event, lines.length + 1));
    if (events.length < 20) break;
  }

  console.log(`Alert List (Total ${total} items):\n`);
  console.log(lines.join('\n\n'));
  console.log(
    `\n${emulator.count('DescribeSuspEvents')} DescribeSuspEvents calls, every one signed and verified.`,
  );
} finally {
  await emulator.close();
}
