/**
 * What the default credential chain of `@alicloud/credentials` 2.4 looked at, told from the
 * environment and the file system after it found nothing: each source in the chain's order, and why it
 * gave nothing. Names variables and paths, never a value that could be secret.
 *
 * The chain (`DefaultCredentialsProvider`): environment variables, OIDC role, CLI profile
 * (`~/.aliyun/config.json`), credentials file, ECS RAM role, credentials URI.
 *
 * @packageDocumentation
 */
import { existsSync, readFileSync } from 'node:fs';
import { homedir } from 'node:os';
import { join } from 'node:path';
import type { CredentialSourceTried } from '../errors.js';

type Environment = Readonly<Record<string, string | undefined>>;

/** Whether a variable holds something (the chain treats an empty value as unset). */
const isSet = (env: Environment, name: string): boolean => Boolean(env[name]);

/** Whether a variable is `true`, as the chain reads its switches. */
const isTrue = (env: Environment, name: string): boolean => env[name]?.toLowerCase() === 'true';

/** `A`, `A and B`, `A, B and C`. */
const joined = (list: readonly string[]): string =>
  list.length < 2 ? list.join('') : `${list.slice(0, -1).join(', ')} and ${list.at(-1)}`;

/** `A and B are not set`, `A is set but B is not set`, ...: which of `names` are set, never their values. */
function whichAreSet(env: Environment, names: readonly string[]): string {
  const set = names.filter((name) => isSet(env, name));
  const unset = names.filter((name) => !isSet(env, name));
  const phrase = (list: string[], state: string) =>
    list.length === 0 ? '' : `${joined(list)} ${list.length === 1 ? 'is' : 'are'} ${state}`;
  return [phrase(unset, 'not set'), phrase(set, 'set')].filter(Boolean).join(', ');
}

/**
 * The sources the default chain tried, in its order, and why each gave nothing, as far as the
 * environment and the files tell without reading a secret.
 *
 * @param env - the environment the chain read
 * @param home - the home directory the chain used (`os.homedir()`)
 */
export function defaultChainSources(
  env: Environment = process.env,
  home: string = homedir(),
): CredentialSourceTried[] {
  return [
    { source: 'environment variables', detail: environmentDetail(env) },
    { source: 'OIDC role', detail: oidcDetail(env) },
    { source: 'Alibaba Cloud CLI profile', detail: cliProfileDetail(env, home) },
    { source: 'credentials file', detail: credentialsFileDetail(env, home) },
    { source: 'ECS RAM role', detail: ecsRoleDetail(env) },
    { source: 'credentials URI', detail: credentialsUriDetail(env) },
  ];
}

function environmentDetail(env: Environment): string {
  return `${whichAreSet(env, ['ALIBABA_CLOUD_ACCESS_KEY_ID', 'ALIBABA_CLOUD_ACCESS_KEY_SECRET'])}; both are needed`;
}

function oidcDetail(env: Environment): string {
  const names = [
    'ALIBABA_CLOUD_ROLE_ARN',
    'ALIBABA_CLOUD_OIDC_PROVIDER_ARN',
    'ALIBABA_CLOUD_OIDC_TOKEN_FILE',
  ];
  if (!names.every((name) => isSet(env, name))) return `not configured: ${whichAreSet(env, names)}`;
  const tokenFile = env.ALIBABA_CLOUD_OIDC_TOKEN_FILE as string;
  return (
    `configured, but no STS token was obtained with it (token file ${tokenFile} ` +
    `${existsSync(tokenFile) ? 'exists' : 'does not exist'}; see the cause)`
  );
}

function cliProfileDetail(env: Environment, home: string): string {
  if (isTrue(env, 'ALIBABA_CLOUD_CLI_PROFILE_DISABLED'))
    return 'disabled by ALIBABA_CLOUD_CLI_PROFILE_DISABLED=true';
  const path = join(home, '.aliyun', 'config.json');
  const chosen = env.ALIBABA_CLOUD_PROFILE;
  if (!existsSync(path)) {
    return `${path} does not exist${chosen ? ` (profile '${chosen}' (ALIBABA_CLOUD_PROFILE) was asked for)` : ''}`;
  }
  let config: { current?: unknown; profiles?: unknown };
  try {
    config = JSON.parse(readFileSync(path, 'utf8'));
  } catch {
    return `${path} exists but could not be read as JSON`;
  }
  const profiles = Array.isArray(config?.profiles)
    ? (config.profiles as { name?: unknown; mode?: unknown }[])
    : [];
  const names = profiles.map((profile) => profile?.name).filter((name) => typeof name === 'string');
  const name = chosen || (typeof config?.current === 'string' ? config.current : undefined);
  const which = chosen
    ? `profile '${chosen}' (ALIBABA_CLOUD_PROFILE)`
    : `profile '${name}' (its current one)`;
  if (names.length === 0) return `${path} exists but lists no profile`;
  const profile = profiles.find((each) => each?.name === name);
  if (profile === undefined) {
    return `${path} exists but has no ${which}; it lists ${names.map((each) => `'${each}'`).join(', ')}`;
  }
  const mode = typeof profile.mode === 'string' ? ` of mode '${profile.mode}'` : '';
  return `${path} exists, but its ${which}${mode} gave no credentials (see the cause)`;
}

function credentialsFileDetail(env: Environment, home: string): string {
  const file = env.ALIBABA_CLOUD_CREDENTIALS_FILE || join(home, '.alibabacloud', 'credentials');
  const named = isSet(env, 'ALIBABA_CLOUD_CREDENTIALS_FILE')
    ? `${file} (ALIBABA_CLOUD_CREDENTIALS_FILE)`
    : file;
  if (!existsSync(file)) return `${named} does not exist`;
  const section = env.ALIBABA_CLOUD_PROFILE || 'default';
  return `${named} exists, but its section [${section}] gave no credentials (see the cause)`;
}

function ecsRoleDetail(env: Environment): string {
  if (isTrue(env, 'ALIBABA_CLOUD_ECS_METADATA_DISABLED'))
    return 'disabled by ALIBABA_CLOUD_ECS_METADATA_DISABLED=true';
  return (
    'the instance metadata service gave no role credentials: not an ECS instance, or no RAM role attached ' +
    '(set ALIBABA_CLOUD_ECS_METADATA_DISABLED=true off ECS)'
  );
}

function credentialsUriDetail(env: Environment): string {
  return isSet(env, 'ALIBABA_CLOUD_CREDENTIALS_URI')
    ? 'ALIBABA_CLOUD_CREDENTIALS_URI is set, but the address gave no credentials (see the cause)'
    : 'ALIBABA_CLOUD_CREDENTIALS_URI is not set';
}
