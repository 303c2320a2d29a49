/**
 * Which resource types receive the AWS provider's `default_tags`: the types whose schema has `tags_all`.
 * Derived from the provider bindings installed in node_modules (@cdktf/provider-aws: every generated
 * resource class of a taggable type has a `tagsAll` attribute getter), not from a hand-written list, so
 * it follows the provider version the project pins. A type without a binding (newer than the bindings,
 * see constructs/bindings/) falls back to whether the synthesized block sets `tags`.
 */
import * as fs from 'fs';
import * as path from 'path';

let bindingsDir: string | null | undefined;
const cache = new Map<string, boolean | undefined>();

/** `lib/` of @cdktf/provider-aws as resolved from this project, or null when it is not installed. */
function awsBindings(): string | null {
  if (bindingsDir === undefined) {
    try {
      bindingsDir = path.join(path.dirname(require.resolve('@cdktf/provider-aws/package.json', { paths: [process.cwd(), __dirname] })), 'lib');
    } catch {
      bindingsDir = null;
    }
  }
  return bindingsDir;
}

/** The binding's directory name of a type: `aws_s3_bucket` -> `s3-bucket`. */
export function bindingDirName(type: string): string {
  return type.replace(/^aws_/, '').replace(/_/g, '-');
}

/**
 * True when the AWS provider's schema gives `type` a `tags_all` attribute (default tags apply), false
 * when its binding has none, undefined when there is no binding to ask (not an AWS type, or not installed).
 */
export function schemaHasTagsAll(type: string): boolean | undefined {
  if (!type.startsWith('aws_')) return false;
  if (cache.has(type)) return cache.get(type);
  const lib = awsBindings();
  let result: boolean | undefined;
  const file = lib ? path.join(lib, bindingDirName(type), 'index.d.ts') : undefined;
  if (file && fs.existsSync(file)) {
    const text = fs.readFileSync(file, 'utf8');
    // The file declares the resource class (tfResourceType = "<type>") with `get tagsAll()` when taggable.
    result = text.includes(`tfResourceType = "${type}"`) ? /\bget tagsAll\(\)/.test(text) : undefined;
  }
  cache.set(type, result);
  return result;
}

/** Whether a synthesized resource gets the provider's default tags. */
export function receivesDefaultTags(type: string, body: Record<string, unknown>): boolean {
  return schemaHasTagsAll(type) ?? (type.startsWith('aws_') && body.tags !== undefined);
}
