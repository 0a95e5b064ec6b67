/**
 * docs/from-emulator-to-account.md stays true to the code: its policies are what `requiredPermissions`
 * gives, its endpoints are the products' region maps, its recording section names the script's real
 * settings, and the README and the docs index link to it.
 */
import { readFileSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import { describe, expect, it } from 'vitest';
import { DEFAULT_OUT_DIR } from '../../scripts/record.js';
import { endpoints } from '../../src/generated/endpoints.js';
import { type PermissionMethod, requiredPermissions } from '../../src/index.js';

const root = fileURLToPath(new URL('../..', import.meta.url));
const read = (path: string) => readFileSync(`${root}${path}`, 'utf8');
const GUIDE = read('docs/from-emulator-to-account.md');

describe('docs/from-emulator-to-account.md', () => {
  it('shows for each set of methods the policy requiredPermissions gives', () => {
    const policies = [...GUIDE.matchAll(/<!-- policy: ([^>]+) -->\n```json\n([\s\S]*?)```/g)];
    expect(policies).toHaveLength(2);
    for (const [, methods = '', json = ''] of policies) {
      const names = methods.trim().split(/\s+/) as PermissionMethod[];
      const Action = [...new Set(names.flatMap((name) => requiredPermissions(name)))].sort();
      expect(JSON.parse(json), methods).toEqual({
        Version: '1',
        Statement: [{ Effect: 'Allow', Action, Resource: '*' }],
      });
    }
    // The reader's policy changes nothing; the handler's can handle.
    expect(policies[0]?.[2]).not.toContain('HandleSecurityEvents');
    expect(policies[1]?.[2]).toContain('yundun-sas:HandleSecurityEvents');
  });

  it('gives the hosts of the region maps', () => {
    const rows = [...GUIDE.matchAll(/^\| `([a-z0-9-]+)` \| `([^`]+)` \| (?:`([^`]+)`|\(none\)) \|$/gm)];
    expect(rows.length).toBeGreaterThanOrEqual(8);
    for (const [, region = '', sas, sddp] of rows) {
      expect(sas, region).toBe(endpoints.Sas.endpointMap[region]);
      expect(sddp, region).toBe(endpoints.Sddp.endpointMap[region]);
    }
  });

  it('is right that the Chinese mainland and Hong Kong go to one Security Center host, the rest to the other', () => {
    for (const [region, host] of Object.entries(endpoints.Sas.endpointMap)) {
      expect(host, region).toBe(
        region.startsWith('cn-') ? 'tds.cn-shanghai.aliyuncs.com' : 'tds.ap-southeast-1.aliyuncs.com',
      );
    }
  });

  it('names the recording script, its settings and its output folder as they are', () => {
    const script = read('scripts/record.ts');
    expect(JSON.parse(read('package.json')).scripts.record).toBe('tsx scripts/record.ts');
    for (const variable of [
      'RECORD_ENDPOINT',
      'RECORD_PROTOCOL',
      'RECORD_OUT',
      'SDDP_REGION_ID',
      'ALIBABA_CLOUD_REGION_ID',
    ]) {
      expect(GUIDE).toContain(variable);
      expect(script).toContain(variable);
    }
    expect(GUIDE).toContain(`\`${DEFAULT_OUT_DIR}\``);
  });

  it('is linked from the README and the docs index', () => {
    expect(read('README.md')).toContain('](docs/from-emulator-to-account.md)');
    expect(read('docs/README.md')).toContain('](from-emulator-to-account.md)');
  });
});
