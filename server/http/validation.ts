import { Ajv, type Options } from 'ajv';
import addFormats from 'ajv-formats';
import type { FastifySchemaCompiler } from 'fastify';

/**
 * Request validation with two Ajv instances. Query strings and path parameters arrive as text and are
 * coerced to their schema types; JSON bodies are typed already and are never coerced — coercion would
 * turn a `null` that means "clear this field" into "" or 0.
 */
const common: Options = {
  removeAdditional: false, // unknown fields are an error, not silently dropped
  useDefaults: true,
  allErrors: false,
  strict: false,
};

function ajv(coerceTypes: Options['coerceTypes']) {
  const instance = new Ajv({ ...common, coerceTypes });
  addFormats.default(instance);
  return instance;
}

const forText = ajv('array');
const forJson = ajv(false);

export const validatorCompiler: FastifySchemaCompiler<unknown> = ({ schema, httpPart }) =>
  (httpPart === 'body' ? forJson : forText).compile(schema as object);
