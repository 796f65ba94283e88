/**
 * Which echo load generator runs a trial: the native one when it is built and current, else the Node one, which
 * costs as much CPU as the servers it measures (issues #13, #14) and so is a fallback, named as such in every
 * result. Callers: the load generator agent (harness/agents/echo-loadgen.ts), the CLI for the report's metadata.
 */
import { runEchoLoad, READ_BUFFER_BYTES } from './echo-load.ts';
import type { EchoGeneratorInfo, EchoLoadInput, EchoLoadResult } from './echo-trial.ts';
import { NATIVE_ECHO_LOAD, NATIVE_GENERATOR, nativeEchoLoadStatus, runNativeEchoLoad } from './native-echo-load.ts';

/** The generator runEchoTrial would use now, in a line for a report. `binary` is a test hook. */
export function describeEchoGenerator(binary = NATIVE_ECHO_LOAD.binary): EchoGeneratorInfo {
  const status = nativeEchoLoadStatus(binary);
  return status.ok ? NATIVE_GENERATOR : nodeFallback(status.reason);
}

function nodeFallback(reason: string): EchoGeneratorInfo {
  return { kind: 'node', detail: `Node (harness/load/echo-load.ts), because the native generator cannot run: ${reason}` };
}

/** What only the native generator can do; asking the Node one for it is an error, not a silent change of test. */
function nativeOnly(input: EchoLoadInput): string[] {
  const o = input.options ?? {};
  return [
    ...(o.openLoopRate !== undefined ? ['open loop (openLoopRate)'] : []),
    ...(o.writeChunkBytes ? ['writes in pieces (writeChunkBytes)'] : []),
    ...(o.readBufferBytes !== undefined && o.readBufferBytes !== READ_BUFFER_BYTES ? ['another read buffer size (readBufferBytes)'] : []),
  ];
}

/** One echo trial with the best generator available. `binary` is a test hook. */
export async function runEchoTrial(input: EchoLoadInput, binary = NATIVE_ECHO_LOAD.binary): Promise<EchoLoadResult> {
  const status = nativeEchoLoadStatus(binary);
  if (status.ok) return runNativeEchoLoad(input, binary);
  const unsupported = nativeOnly(input);
  if (unsupported.length > 0) throw new Error(`${unsupported.join(', ')} needs the native echo load generator, which cannot run: ${status.reason}`);
  const result = await runEchoLoad(input);
  return { ...result, generator: nodeFallback(status.reason), pattern: { writeChunkBytes: 0, readBufferBytes: READ_BUFFER_BYTES } };
}
