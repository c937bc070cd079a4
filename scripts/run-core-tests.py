#!/usr/bin/env python3
"""Run Odoo's own test suites once the whole registry is loaded.

``odoo -u sale --test-tags /sale`` runs sale's ``at_install`` tests while the
registry holds only sale and its dependencies: they never meet the code of
the modules installed after it (ours included). This wrapper runs Odoo's
server as ``odoo-bin`` does, on a database where everything is installed
already, and makes the post-install test phase take the ``at_install`` tests
of the selected modules too (none run while the registry is being loaded), so
that every selected test runs once, with the whole registry. The ids of the
tests that failed or raised are written to ``--failures FILE`` (one per line,
sorted).

Usage (any other argument goes to Odoo's server command)::

    scripts/run-core-tests.py -c odoo.conf -d DB \
        --test-tags /sale,/sale_stock --failures failed.txt

Compare the file with a list of tests known to fail on vanilla Odoo with
``--known FILE``: the exit status is 1 when a test fails that is not in it,
2 when no test ran or Odoo failed without a failing test.
"""

import argparse
import sys


def _record_test_results(result):
    """Patch Odoo's test result to collect the ids of the tests started and failed.

    Returns the set of failed test ids and the list of started ones, which
    fill as the tests run.
    """
    failed = set()
    started = []

    def record(method):
        def wrapper(self, test, err):
            if not self._soft_fail:  # a failed try of a retried test is no failure
                failed.add(test.id())
            return method(self, test, err)

        return wrapper

    start_test = result.OdooTestResult.startTest

    def count_start(self, test):
        started.append(test.id())
        return start_test(self, test)

    result.OdooTestResult.startTest = count_start
    result.OdooTestResult.addFailure = record(result.OdooTestResult.addFailure)
    result.OdooTestResult.addError = record(result.OdooTestResult.addError)
    return failed, started


def _run_at_install_tests_post_install(loader):
    """Patch Odoo's loader to run the at_install tests in the post-install phase."""
    make_suite = loader.make_suite

    def make_whole_registry_suite(module_names, position="at_install"):
        # On a database that is not being updated, Odoo runs each module's
        # at_install tests while the registry is being loaded, module by
        # module (the very case this script avoids): none there, all of them
        # in the post-install phase, once, before the post_install tests.
        if position != "post_install":
            return loader.OdooSuite([])
        tests = {}
        for phase in ("at_install", "post_install"):
            for test in make_suite(module_names, phase):
                tests.setdefault(test.id(), test)
        return loader.OdooSuite(list(tests.values()))

    loader.make_suite = make_whole_registry_suite


def _run_odoo_server(odoo, odoo_args):
    """Run Odoo's server command with the tests enabled; return its exit code."""
    sys.argv = [sys.argv[0], "server", "--test-enable", "--stop-after-init"]
    sys.argv += odoo_args
    code = 0
    try:
        odoo.cli.main()
    except SystemExit as stop:
        code = stop.code or 0
    return code


def _read_known(path):
    """Return the test ids listed in the file of known failures (no comments)."""
    with open(path, encoding="utf-8") as known_file:
        return {
            line.strip()
            for line in known_file
            if line.strip() and not line.startswith("#")
        }


def _report(own, code, failed, started):
    """Write the failures file, print the summary and return the exit status."""
    with open(own.failures, "w", encoding="utf-8") as out:
        out.writelines(f"{test_id}\n" for test_id in sorted(failed))
    print(
        f"run-core-tests: {len(started)} tests run, {len(failed)} failed or "
        f"raised ({own.failures})"
    )
    if not started:
        print("run-core-tests: no test ran (check --test-tags)", file=sys.stderr)
        return 2
    if code and not failed:
        # Odoo failed without a failing test: nothing was compared
        print(f"run-core-tests: Odoo stopped with {code}", file=sys.stderr)
        return 2
    if not own.known:
        return 0
    known = _read_known(own.known)
    new = sorted(failed - known)
    for test_id in new:
        print(f"run-core-tests: fails only with the addons: {test_id}")
    return 1 if new else 0


def main():
    """Run the selected tests with the whole registry and compare the failures."""
    parser = argparse.ArgumentParser(add_help=False)
    parser.add_argument("--failures", required=True)
    parser.add_argument("--known")
    own, odoo_args = parser.parse_known_args()

    # imported after the argument check: a usage error comes first
    import odoo
    from odoo.tests import loader, result

    failed, started = _record_test_results(result)
    _run_at_install_tests_post_install(loader)
    code = _run_odoo_server(odoo, odoo_args)
    return _report(own, code, failed, started)


if __name__ == "__main__":
    sys.exit(main())
