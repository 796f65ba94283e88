"""One fault-matrix row against a real Python system, in a process of its own (see harness/faults/protocol.ts).

    run_case.py <system> <case> <idiom> <base_url> <refused_url> <tag> [--module PATH]
    run_case.py <system> --list [--module PATH]      prints {"idioms": {case: [idiom, ...]}}

<system> names a module beside this file, <system>_cases.py (tornado, tornado5, gevent, asyncio), which defines SYSTEM,
version(), IDIOMS, run(case, idiom, env, rec) — returning once the caller's scope has ended — and linger(seconds),
which keeps the system's loop running a little longer so failures reported late still land; and may define NOTE,
what the report should say about the module (where it departs from the system the style imitates), sent in hello. Nothing here catches
what a case raises: an uncaught exception ends the process as it would any script.
"""
import importlib.util
import json
import os
import sys

import recorder  # first: it captures sys.stderr before the system under test is imported

LINGER_SECONDS = 0.8  # harness/faults/protocol.ts LINGER_MS


def load(system, module_path):
    path = module_path or os.path.join(os.path.dirname(os.path.abspath(__file__)), '%s_cases.py' % system)
    spec = importlib.util.spec_from_file_location('%s_cases' % system, path)
    module = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(module)
    return module


def main(argv):
    module_path = None
    if '--module' in argv:
        i = argv.index('--module')
        module_path = argv[i + 1]
        argv = argv[:i] + argv[i + 2:]
    if len(argv) >= 2 and argv[1] == '--list':
        sys.stdout.write(json.dumps({'idioms': load(argv[0], module_path).IDIOMS}) + '\n')
        return 0
    if len(argv) != 6:
        recorder.emit({'ev': 'unsupported', 'reason': 'bad arguments: %s' % ' '.join(argv)})
        return 2
    system, case, idiom, base_url, refused_url, tag = argv
    try:
        module = load(system, module_path)
    except ImportError as err:
        recorder.emit({'ev': 'unsupported', 'reason': str(err)})
        return 3
    hello = {'ev': 'hello', 'system': module.SYSTEM, 'version': module.version(), 'case': case, 'idiom': idiom}
    if getattr(module, 'NOTE', None):
        hello['note'] = module.NOTE
    recorder.emit(hello)
    if idiom not in module.IDIOMS.get(case, []):
        recorder.emit({'ev': 'unsupported', 'reason': '%s has no %r idiom for %s' % (module.SYSTEM, idiom, case)})
        return 3
    env = {'base_url': base_url, 'refused_url': refused_url, 'tag': tag}
    module.run(case, idiom, env, recorder.Recorder())
    module.linger(LINGER_SECONDS)
    recorder.stderr_capture.flush_partial()
    recorder.emit({'ev': 'end'})
    return 0


if __name__ == '__main__':
    code = main(sys.argv[1:])
    sys.stdout.flush()
    os._exit(code)  # do not wait for what the case left running: the row has ended
