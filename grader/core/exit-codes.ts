/**
 * The exit-code policy of `flowgrade` (also in grader/README.md):
 *
 *   0  grade:       score ≥ --fail-under (default: the maximum score, i.e. full marks)
 *      check:       every public check passed
 *      grade-class: every student was graded (whatever their scores)
 *   1  grade:       score < --fail-under
 *      check:       some public check failed
 *      grade-class: at least one student could not be graded (their row says why)
 *   2  usage error (unknown command or option, missing argument), or the grader could not grade:
 *      the submission folder does not exist, the rubric is invalid, a worker could not start,
 *      an internal error. results.json is still written, with score 0 and the reason.
 */
export const EXIT = { OK: 0, BELOW: 1, COULD_NOT_GRADE: 2, USAGE: 2 } as const;
