/**
 * Reads a response rule set from a file: JSON, or YAML (`.yaml`, `.yml`) with the `yaml` package,
 * loaded only then: it is an optional peer dependency, not installed with this package.
 *
 * @packageDocumentation
 */
import { ResponseRules } from '../index.js';
import { CommandFailure, readText } from './io.js';

/** What reading YAML needs of the `yaml` package. */
export interface YamlParser {
  parse(text: string): unknown;
}

/** Loads the `yaml` package; a test gives another loader. */
export type YamlLoader = () => Promise<YamlParser>;

const loadYamlPackage: YamlLoader = () => import('yaml');

/** Whether the file is YAML by its name. */
export function isYamlFile(path: string): boolean {
  return /\.ya?ml$/i.test(path);
}

/**
 * The rule set of a file, validated by {@link ResponseRules.parse}.
 *
 * @throws {@link CommandFailure} when the file cannot be read, is not YAML, or YAML is asked for and
 * the `yaml` package is not installed; {@link ValidationError} listing the problems of a rule set that
 * is not valid
 */
export async function readRuleFile(
  path: string,
  loadYaml: YamlLoader = loadYamlPackage,
): Promise<ResponseRules> {
  const text = await readText(path, 'rule file');
  if (!isYamlFile(path)) return ResponseRules.parse(text);
  const yaml = await yamlParser(loadYaml);
  let data: unknown;
  try {
    data = yaml.parse(text);
  } catch (error) {
    const first = (error instanceof Error ? error.message : String(error)).split('\n')[0];
    throw new CommandFailure(`${path} is not valid YAML: ${first}`);
  }
  // A string would be read as JSON text by ResponseRules.parse.
  if (typeof data === 'string') throw new CommandFailure(`${path} holds text, not a rule set.`);
  return ResponseRules.parse(data);
}

async function yamlParser(loadYaml: YamlLoader): Promise<YamlParser> {
  try {
    return await loadYaml();
  } catch (error) {
    const code = (error as NodeJS.ErrnoException).code;
    if (code === 'ERR_MODULE_NOT_FOUND' || code === 'MODULE_NOT_FOUND') {
      throw new CommandFailure(
        'install yaml to read YAML rule files (npm install yaml), or give the rule set as JSON.',
      );
    }
    throw error;
  }
}
