import type { ISessionContext, Namespace, UAObject, VariantLike } from 'node-opcua';
import type { PlantCommandName, PlantCommandResult } from '../command.ts';
import type { OpcuaModule } from './module.ts';

/**
 * The methods on each session's object. They only translate arguments: the sign-in, the payload's validation, the
 * change and its log entry are applyPlantCommand's (through the gate), the same as for a browser's control event.
 */

/** Runs a command for the caller of a method: null when the caller did not sign in as the operator. */
export type MethodGate = (
  context: ISessionContext,
  session: string,
  command: PlantCommandName,
  payload: unknown,
) => PlantCommandResult | null;

interface MethodSpec {
  name: string;
  inputs: { name: string; type: 'String' | 'Double'; description: string }[];
  command: PlantCommandName;
  payload: (args: unknown[]) => unknown;
}

const METHODS: MethodSpec[] = [
  {
    name: 'InjectFault',
    inputs: [
      { name: 'Station', type: 'String', description: 'station id' },
      { name: 'Duration', type: 'Double', description: 'seconds of simulated time the fault lasts; 0: until a Repair' },
    ],
    command: 'control:intervene',
    payload: ([station, duration]) => (duration === 0 ? { type: 'fault', station } : { type: 'fault', station, duration }),
  },
  {
    name: 'Repair',
    inputs: [{ name: 'Station', type: 'String', description: 'station id' }],
    command: 'control:intervene',
    payload: ([station]) => ({ type: 'repair', station }),
  },
  {
    name: 'SetParameter',
    inputs: [
      { name: 'Station', type: 'String', description: 'station id' },
      {
        name: 'Parameter',
        type: 'String',
        description: 'cycleTime, mttr, scrap, capacity, power, policy, every, threshold, ... (docs/opcua.md)',
      },
      { name: 'Value', type: 'String', description: 'the value as JSON: 20, 0.02, "condition", {"dist":"exponential","mean":2}' },
    ],
    command: 'control:intervene',
    // a value that is not JSON goes on as the string itself, and the intervention's schema says what it expected
    payload: ([station, param, value]) => ({ type: 'set', station, param, value: parseJson(value) }),
  },
  { name: 'Pause', inputs: [], command: 'control:pause', payload: () => ({}) },
  { name: 'Resume', inputs: [], command: 'control:resume', payload: () => ({}) },
  {
    name: 'SetSpeed',
    inputs: [{ name: 'Speed', type: 'Double', description: 'simulated seconds per wall second, 0.1 to 10000' }],
    command: 'control:speed',
    payload: ([speed]) => ({ speed }),
  },
];

function parseJson(text: unknown): unknown {
  if (typeof text !== 'string') return text;
  try {
    return JSON.parse(text) as unknown;
  } catch {
    return text;
  }
}

/** Adds the methods to a session's object. */
export function addSessionMethods(ua: OpcuaModule, namespace: Namespace, folder: UAObject, session: string, gate: MethodGate): void {
  const { DataType, StatusCodes, Variant } = ua;
  for (const spec of METHODS) {
    const method = namespace.addMethod(folder, {
      browseName: spec.name,
      nodeId: `s=LineTwin/Sessions/${session}/${spec.name}`,
      inputArguments: spec.inputs.map((i) => ({ name: i.name, description: { text: i.description }, dataType: DataType[i.type] })),
      outputArguments: [
        { name: 'SimTime', description: { text: 'simulated time (s) the command took effect' }, dataType: DataType.Double },
      ],
    });
    method.bindMethod((inputArguments: VariantLike[], context: ISessionContext) => {
      const args = inputArguments.map((v) => v.value as unknown);
      const result = gate(context, session, spec.command, spec.payload(args));
      if (!result) return Promise.resolve({ statusCode: StatusCodes.BadUserAccessDenied });
      if (!result.ok) return Promise.resolve({ statusCode: StatusCodes.BadInvalidArgument });
      return Promise.resolve({
        statusCode: StatusCodes.Good,
        outputArguments: [new Variant({ dataType: DataType.Double, value: result.simTime })],
      });
    });
  }
}
