#!/usr/bin/env node
// Checks a CloudFormation/SAM template against the resource specification in @aws-cdk/aws-service-spec:
// resource types, property names (recursively through property types), required properties, allowed values,
// object-vs-list shapes, Ref/GetAtt/Sub targets, GetAtt attributes, Conditions, DependsOn, parameter types and
// defaults against their own constraints, and that every output has a Description. Prints one line per problem
// and exits 1 if there is any.
//
//   node validate.mjs ../template.yaml
//   node validate.mjs --self-test          every fixtures/*.yaml must give the problems its `# expect:` lines name
//
// It does not apply the SAM transform: SAM types are checked against the spec's AWS::Serverless::* entries.
import { readFileSync, readdirSync } from 'node:fs';
import { dirname, join, basename } from 'node:path';
import { fileURLToPath } from 'node:url';
import YAML from 'yaml';
import { loadAwsServiceSpecSync } from '@aws-cdk/aws-service-spec';

const db = loadAwsServiceSpecSync();

// Known gaps of the spec (0.1.216), each checked against the SAM or CloudFormation documentation.
const EXTRA_PROPERTIES = {
  // SAM supports SnapStart on functions (ApplyOn: PublishedVersions); the spec's SAM entry predates it.
  'AWS::Serverless::Function': ['SnapStart',
    // SAM passes LoggingConfig to AWS::Lambda::Function (a custom log group, since 2023); the spec's SAM entry lacks it.
    'LoggingConfig'],
};
const EXTRA_TYPE_PROPERTIES = {
  // SAM's Api event takes TimeoutInMillis (50 to 29,000: the REST integration's timeout); the spec lacks it.
  ApiEvent: ['TimeoutInMillis',
    // SAM's Api event takes ResponseTransferMode (BUFFERED or RESPONSE_STREAM: REST API response streaming, SAM
    // translator 1.109+, which then points the integration at response-streaming-invocations); the spec lacks it.
    'ResponseTransferMode'],
};

// SAM's referenceable properties of the resources it generates (e.g. ${MyApi.Stage}, ${MyFunction.Alias}).
const SAM_REFERENCEABLE = {
  'AWS::Serverless::Api': ['Stage', 'Deployment'],
  'AWS::Serverless::Function': ['Alias', 'Version'],
};

// SAM resources have no attributes in the spec; GetAtt on them resolves on the resource SAM generates.
const SAM_ATTRIBUTE_SOURCES = {
  'AWS::Serverless::Function': 'AWS::Lambda::Function',
  'AWS::Serverless::Api': 'AWS::ApiGateway::RestApi',
  'AWS::Serverless::HttpApi': 'AWS::ApiGatewayV2::Api',
  'AWS::Serverless::SimpleTable': 'AWS::DynamoDB::Table',
  'AWS::Serverless::LayerVersion': 'AWS::Lambda::LayerVersion',
  'AWS::Serverless::StateMachine': 'AWS::StepFunctions::StateMachine',
};

// `!Ref Fn.Alias` and the like name resources SAM generates from a SAM resource.
const SAM_REF_SUFFIXES = {
  'AWS::Serverless::Function': ['Alias', 'Version', 'DestinationTopic', 'DestinationQueue'],
  'AWS::Serverless::Api': ['Stage', 'Deployment'],
  'AWS::Serverless::HttpApi': ['Stage', 'DomainName'],
};

const PSEUDO_PARAMETERS = new Set(['AWS::AccountId', 'AWS::NotificationARNs', 'AWS::NoValue', 'AWS::Partition',
  'AWS::Region', 'AWS::StackId', 'AWS::StackName', 'AWS::URLSuffix']);

const INTRINSICS = ['Ref', 'Condition', 'Sub', 'GetAtt', 'If', 'Equals', 'Not', 'And', 'Or', 'Join', 'Select',
  'Split', 'FindInMap', 'GetAZs', 'ImportValue', 'Base64', 'Cidr', 'Transform', 'Length', 'ToJsonString'];
const intrinsicKey = (name) => (name === 'Ref' || name === 'Condition' ? name : `Fn::${name}`);

/** YAML tags for CloudFormation's short forms, each on a scalar, a sequence or a mapping. */
const cloudFormationTags = INTRINSICS.flatMap((name) => [undefined, 'seq', 'map'].map((collection) => {
  const tag = {
    tag: `!${name}`,
    resolve(value) {
      let resolved = collection ? value.toJSON() : value;
      if (name === 'GetAtt' && typeof resolved === 'string') {
        const dot = resolved.indexOf('.');
        resolved = [resolved.slice(0, dot), resolved.slice(dot + 1)];
      }
      return { [intrinsicKey(name)]: resolved };
    },
  };
  if (collection) tag.collection = collection;
  return tag;
}));

export function parseTemplate(text) {
  const doc = YAML.parseDocument(text, { customTags: cloudFormationTags });
  if (doc.errors.length) throw new Error(doc.errors.map((e) => e.message).join('; '));
  return doc.toJS({ maxAliasCount: -1 });
}

function isIntrinsic(value) {
  if (value === null || typeof value !== 'object' || Array.isArray(value)) return false;
  const keys = Object.keys(value);
  return keys.length === 1 && (keys[0] === 'Ref' || keys[0].startsWith('Fn::'));
}

function resourceSpec(type) {
  const found = db.lookup('resource', 'cloudFormationType', 'equals', type);
  return found.length ? found[0] : undefined;
}

/** Checks one template; returns a list of problems (strings). */
export function validateTemplate(template) {
  const problems = [];
  const report = (path, message) => problems.push(`${path}: ${message}`);
  if (!template || typeof template !== 'object') return ['template: not a mapping'];

  const parameters = template.Parameters ?? {};
  const resources = template.Resources ?? {};
  const conditions = template.Conditions ?? {};
  const outputs = template.Outputs ?? {};
  const known = new Set([...Object.keys(parameters), ...Object.keys(resources), ...PSEUDO_PARAMETERS]);

  if (!Object.keys(resources).length) report('Resources', 'no resources');

  // --- property shapes against the spec ---------------------------------------------------------------------
  function checkValue(value, type, path) {
    if (value === undefined || value === null) return;
    if (isIntrinsic(value)) {
      if (value['Fn::If'] && Array.isArray(value['Fn::If'])) {
        for (const branch of value['Fn::If'].slice(1)) {
          if (!(branch && branch.Ref === 'AWS::NoValue')) checkValue(branch, type, path);
        }
      }
      return;
    }
    switch (type.type) {
      case 'ref': {
        const definition = db.get('typeDefinition', type.reference);
        if (typeof value !== 'object' || Array.isArray(value)) {
          report(path, `expected an object (${definition.name}), got ${Array.isArray(value) ? 'a list' : JSON.stringify(value)}`);
          return;
        }
        checkProperties(value, samEventProperties(definition, value), path, definition.name,
          EXTRA_TYPE_PROPERTIES[definition.name]);
        return;
      }
      case 'array':
        if (!Array.isArray(value)) {
          report(path, `expected a list, got ${typeof value === 'object' ? 'an object' : JSON.stringify(value)}`);
          return;
        }
        value.forEach((item, i) => checkValue(item, type.element, `${path}[${i}]`));
        return;
      case 'map':
        if (typeof value !== 'object' || Array.isArray(value)) {
          report(path, 'expected a mapping');
          return;
        }
        for (const [k, v] of Object.entries(value)) checkValue(v, type.element, `${path}.${k}`);
        return;
      case 'union': {
        // Valid if any member accepts it; otherwise report the member that came closest.
        let best;
        for (const member of type.types) {
          const before = problems.length;
          checkValue(value, member, path);
          const found = problems.splice(before);
          if (!found.length) return;
          if (!best || found.length < best.length) best = found;
        }
        problems.push(...best);
        return;
      }
      case 'tag':
        if (typeof value !== 'object' || Array.isArray(value) || !('Key' in value) || !('Value' in value)
            || Object.keys(value).some((k) => k !== 'Key' && k !== 'Value')) {
          report(path, 'a tag is {Key, Value}');
        }
        return;
      case 'string':
        if (type.allowedValues && typeof value === 'string' && !type.allowedValues.includes(value)) {
          report(path, `'${value}' is not one of ${type.allowedValues.join(', ')}`);
        }
        if (typeof value === 'object') report(path, `expected a scalar, got ${Array.isArray(value) ? 'a list' : 'an object'}`);
        return;
      case 'integer':
      case 'number':
      case 'boolean':
        if (typeof value === 'object') report(path, `expected a ${type.type}, got ${Array.isArray(value) ? 'a list' : 'an object'}`);
        return;
      default: // json, date-time, null: anything goes
    }
  }

  // A SAM event's Properties is a union of every event kind; its Type says which one applies.
  function samEventProperties(definition, value) {
    const union = definition.properties.Properties?.type;
    if (definition.name !== 'EventSource' || union?.type !== 'union' || typeof value.Type !== 'string') {
      return definition.properties;
    }
    const member = union.types.find((t) => t.reference
      && db.get('typeDefinition', t.reference).name === `${value.Type}Event`);
    return member ? { ...definition.properties, Properties: { ...definition.properties.Properties, type: member } }
      : definition.properties;
  }

  function checkProperties(values, specProperties, path, typeName, extra = []) {
    for (const [name, value] of Object.entries(values)) {
      const spec = specProperties[name];
      if (!spec) {
        if (!extra.includes(name)) report(`${path}.${name}`, `unknown property of ${typeName}`);
        continue;
      }
      checkValue(value, spec.type, `${path}.${name}`);
    }
    for (const [name, spec] of Object.entries(specProperties)) {
      if (spec.required && !(name in values)) report(path, `missing required property ${name} of ${typeName}`);
    }
  }

  // --- parameters: a known type, and a default that its own constraints accept --------------------------
  function checkParameter(parameter, path) {
    const type = parameter?.Type;
    if (typeof type !== 'string') {
      report(path, 'missing Type');
      return;
    }
    if (!/^(String|Number|List<Number>|CommaDelimitedList|(List<)?AWS::[A-Za-z0-9:]+>?|AWS::SSM::Parameter::.+)$/.test(type)) {
      report(`${path}.Type`, `unknown parameter type '${type}'`);
    }
    if (parameter.Default === undefined) return;
    const defaults = type === 'CommaDelimitedList' || type.startsWith('List<')
      ? String(parameter.Default).split(',') : [String(parameter.Default)];
    for (const value of defaults) {
      if (parameter.AllowedValues && !parameter.AllowedValues.map(String).includes(value)) {
        report(`${path}.Default`, `'${value}' is not in AllowedValues`);
      }
      if (parameter.AllowedPattern && !new RegExp(`^(?:${parameter.AllowedPattern})$`).test(value)) {
        report(`${path}.Default`, `'${value}' does not match AllowedPattern`);
      }
      if (type === 'Number' || type === 'List<Number>') {
        const number = Number(value);
        if (Number.isNaN(number)) report(`${path}.Default`, `'${value}' is not a number`);
        if (parameter.MinValue !== undefined && number < Number(parameter.MinValue)) report(`${path}.Default`, `${value} is below MinValue`);
        if (parameter.MaxValue !== undefined && number > Number(parameter.MaxValue)) report(`${path}.Default`, `${value} is above MaxValue`);
      }
    }
  }

  // --- references -----------------------------------------------------------------------------------------
  function attributeExists(resourceName, attribute) {
    const type = resources[resourceName]?.Type;
    if (!type || type.startsWith('Custom::') || type === 'AWS::CloudFormation::CustomResource') return true;
    if (type === 'AWS::Serverless::Application' || type === 'AWS::CloudFormation::Stack') {
      return attribute.startsWith('Outputs.');
    }
    if ((SAM_REFERENCEABLE[type] ?? []).includes(attribute)) return true;
    const spec = resourceSpec(SAM_ATTRIBUTE_SOURCES[type] ?? type);
    if (!spec) return true;
    return attribute in (spec.attributes ?? {});
  }

  function checkReferences(node, path, localNames = new Set()) {
    if (Array.isArray(node)) {
      node.forEach((item, i) => checkReferences(item, `${path}[${i}]`, localNames));
      return;
    }
    if (node === null || typeof node !== 'object') return;
    for (const [key, value] of Object.entries(node)) {
      const here = `${path}.${key}`;
      if (key === 'Ref' && typeof value === 'string') {
        const [target, suffix] = value.split('.');
        const samRef = suffix !== undefined && SAM_REF_SUFFIXES[resources[target]?.Type]?.includes(suffix);
        if (!known.has(value) && !localNames.has(value) && !samRef) report(here, `Ref to unknown name '${value}'`);
      } else if (key === 'Fn::GetAtt') {
        const [target, attribute] = Array.isArray(value) ? value : [];
        if (typeof target !== 'string' || !(target in resources)) {
          report(here, `GetAtt on unknown resource '${target}'`);
        } else if (typeof attribute === 'string' && !attributeExists(target, attribute)) {
          report(here, `${resources[target].Type} has no attribute '${attribute}'`);
        }
      } else if (key === 'Fn::Sub') {
        const [text, variables] = Array.isArray(value) ? value : [value, {}];
        const local = new Set([...localNames, ...Object.keys(variables ?? {})]);
        if (typeof text === 'string') {
          for (const match of text.matchAll(/\$\{([^}!][^}]*)\}/g)) {
            const name = match[1].trim();
            const dot = name.indexOf('.');
            if (local.has(name) || known.has(name)) continue;
            if (dot > 0 && name.slice(0, dot) in resources) {
              if (!attributeExists(name.slice(0, dot), name.slice(dot + 1))) {
                report(here, `\${${name}}: ${resources[name.slice(0, dot)].Type} has no attribute '${name.slice(dot + 1)}'`);
              }
              continue;
            }
            report(here, `\${${name}} names no parameter, resource or pseudo-parameter`);
          }
        }
        checkReferences(variables ?? {}, here, localNames);
        continue;
      } else if (key === 'Fn::If' || key === 'Condition') {
        const name = key === 'Fn::If' ? (Array.isArray(value) ? value[0] : undefined) : value;
        if (typeof name === 'string' && !(name in conditions)) report(here, `unknown condition '${name}'`);
      }
      checkReferences(value, here, localNames);
    }
  }

  // --- the template's sections ---------------------------------------------------------------------------
  for (const [name, parameter] of Object.entries(parameters)) {
    checkParameter(parameter, `Parameters.${name}`);
  }
  for (const [name, condition] of Object.entries(conditions)) checkReferences(condition, `Conditions.${name}`);

  for (const [name, resource] of Object.entries(resources)) {
    const path = `Resources.${name}`;
    if (!resource || typeof resource !== 'object' || typeof resource.Type !== 'string') {
      report(path, 'missing Type');
      continue;
    }
    const { Type: type, Properties: properties = {}, Condition: condition, DependsOn: dependsOn } = resource;
    for (const key of Object.keys(resource)) {
      if (!['Type', 'Properties', 'Condition', 'DependsOn', 'DeletionPolicy', 'UpdateReplacePolicy', 'Metadata',
        'CreationPolicy', 'UpdatePolicy'].includes(key)) report(`${path}.${key}`, 'unknown resource attribute');
    }
    if (condition !== undefined && !(condition in conditions)) report(`${path}.Condition`, `unknown condition '${condition}'`);
    for (const dependency of [dependsOn ?? []].flat()) {
      if (!(dependency in resources)) report(`${path}.DependsOn`, `unknown resource '${dependency}'`);
    }
    checkReferences(properties, `${path}.Properties`);

    if (type.startsWith('Custom::') || type === 'AWS::CloudFormation::CustomResource') continue;
    const spec = resourceSpec(type);
    if (!spec) {
      report(`${path}.Type`, `unknown resource type '${type}'`);
      continue;
    }
    if (isIntrinsic(properties)) continue;
    checkProperties(properties, spec.properties, `${path}.Properties`, type, EXTRA_PROPERTIES[type]);
  }

  for (const [name, output] of Object.entries(outputs)) {
    const path = `Outputs.${name}`;
    if (!output || output.Value === undefined) report(path, 'missing Value');
    if (!output?.Description) report(path, 'missing Description');
    if (output?.Condition !== undefined && !(output.Condition in conditions)) {
      report(`${path}.Condition`, `unknown condition '${output.Condition}'`);
    }
    checkReferences(output?.Value, `${path}.Value`);
  }
  return problems;
}

function validateFile(file) {
  try {
    return validateTemplate(parseTemplate(readFileSync(file, 'utf8')));
  } catch (e) {
    return [`${file}: ${e.message}`];
  }
}

/** Every fixture names the problems it must produce (`# expect: <text>`); one with `# expect: nothing` none. */
function selfTest() {
  const here = dirname(fileURLToPath(import.meta.url));
  const fixtures = join(here, 'fixtures');
  let passed = 0;
  let failed = 0;
  for (const name of readdirSync(fixtures).filter((f) => f.endsWith('.yaml')).sort()) {
    const file = join(fixtures, name);
    const expected = [...readFileSync(file, 'utf8').matchAll(/^# expect: (.+)$/gm)].map((m) => m[1].trim());
    const problems = validateFile(file);
    const clean = expected.length === 1 && expected[0] === 'nothing';
    const missing = clean ? [] : expected.filter((text) => !problems.some((p) => p.includes(text)));
    const ok = expected.length > 0 && (clean ? problems.length === 0 : problems.length > 0 && missing.length === 0);
    if (ok) {
      passed++;
      console.log(`PASS ${basename(file)}`);
    } else {
      failed++;
      console.log(`FAIL ${basename(file)}: expected ${clean ? 'no problems' : JSON.stringify(missing)}, got:`);
      for (const p of problems) console.log(`  ${p}`);
    }
  }
  console.log(`${passed} passed, ${failed} failed`);
  return failed === 0 && passed > 0;
}

if (process.argv[1] && fileURLToPath(import.meta.url) === process.argv[1]) {
  const args = process.argv.slice(2);
  if (args[0] === '--self-test') {
    process.exit(selfTest() ? 0 : 1);
  }
  if (args.length !== 1) {
    console.error('usage: node validate.mjs <template.yaml> | --self-test');
    process.exit(2);
  }
  const problems = validateFile(args[0]);
  for (const p of problems) console.log(p);
  if (problems.length) {
    console.log(`${args[0]}: ${problems.length} problem(s)`);
    process.exit(1);
  }
  const count = Object.keys(parseTemplate(readFileSync(args[0], 'utf8')).Resources).length;
  console.log(`${args[0]}: ${count} resources, no problems`);
}
