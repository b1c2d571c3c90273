/**
 * The English catalogue, the source of every message and hint the checks and the grader print:
 * keys by check id ("hint.affine-coupling.round-trip"), placeholders in braces ({measured},
 * {tolerance}, {subject}, …) filled by `message` (../catalogue.ts), numbers formatted for the
 * language there. fr.ts and es.ts must have every key, with the same placeholders (a compile
 * error otherwise; test/i18n/catalogue.test.ts checks it again at run time). Braces with spaces
 * inside ("{ output, logDet }") are code, not placeholders.
 */
export const en = {
  // Exercise titles (results, feedback, self-check headings). The letter "(a)" stays in every language.
  "title.additive-coupling": "Exercise (a): AdditiveCoupling (NICE)",
  "title.affine-coupling": "Exercise (b): AffineCoupling (RealNVP)",
  "title.nll": "Exercise (c): log-probability and NLL loss",
  "title.actnorm": "Exercise (d): ActNorm with data-dependent initialisation (Glow)",
  "title.invertible-conv": "Exercise (e): invertible 1×1 convolution, LU parametrisation (Glow)",
  "title.dequantization": "Exercise (f): dequantization and bits per dimension",
  "title.made-maf": "Exercise (g): MADE masks and an affine MAF layer",
  "title.likelihood": "Minimum likelihood",
  "title.likelihood.long": "Minimum likelihood (a RealNVP of your AffineCoupling, trained with your nllLoss)",

  // Hints of the coupling exercises (a) and (b): the additive layer has no scale s.
  "hint.additive-coupling.shapes": "forward and inverse must return { output, logDet } with output [batch, D] and logDet [batch]: tf.zeros([x.shape[0]]) for the additive layer.",
  "hint.additive-coupling.kept-unchanged": "Only the transformed coordinates (mask b = 0) may move: multiply the shift by this.inverseMask (1 − b) before adding it, z = x + (1 − b) ⊙ t(b ⊙ x).",
  "hint.additive-coupling.round-trip": "The inverse must undo the forward exactly: compute the shift t from the kept part b ⊙ z (which the forward leaves unchanged) and subtract it from the transformed coordinates only.",
  "hint.additive-coupling.log-det-forward": "The additive coupling preserves volume: its Jacobian is triangular with ones on the diagonal, so log|det ∂z/∂x| = 0 for every row. A non-zero Jacobian determinant means the shift also depends on the transformed coordinates: feed the network b ⊙ x only.",
  "hint.additive-coupling.log-det-inverse": "The inverse of a volume-preserving map preserves volume too: its log-det is 0 for every row, provided the shift is computed from b ⊙ z only.",
  "hint.additive-coupling.inverse-log-det": "The log-dets of a map and of its inverse at the matching point must add up to 0; for the additive coupling both are 0.",
  "hint.affine-coupling.shapes": "forward and inverse must return { output, logDet } with output [batch, D] and logDet [batch]: sum the log-scale over the feature axis (axis 1).",
  "hint.affine-coupling.kept-unchanged": "Only the transformed coordinates (mask b = 0) may move: mask s and t with this.inverseMask (1 − b) before using them, so that the kept coordinates pass through as b ⊙ x.",
  "hint.affine-coupling.round-trip": "The inverse must undo the forward exactly: recompute s and t from the kept part b ⊙ z (which the forward leaves unchanged), subtract t, then divide by exp(s), on the transformed coordinates only.",
  "hint.affine-coupling.log-det-forward": "log|det ∂z/∂x| is the sum, over the transformed coordinates only, of the log-scale: Σ_j (1 − b_j) s_j(b ⊙ x). Not exp(s), and not over the kept coordinates.",
  "hint.affine-coupling.log-det-inverse": "The inverse divides by exp(s), so its log-det is minus the forward one: −Σ_j (1 − b_j) s_j, with s computed from the kept part of z.",
  "hint.affine-coupling.inverse-log-det": "The Jacobian of f⁻¹ at z = f(x) is the inverse matrix of f's Jacobian at x, so the two log-dets must be negatives of each other.",

  // Hints of the image exercises (d) and (e).
  "hint.actnorm.shapes": "Reshape to [-1, C] to apply the per-channel scale and bias, then back to x.shape; logDet is one value per row: tf.mul(tf.ones([batch]), perRow).",
  "hint.actnorm.kept-unchanged": "ActNorm has no kept coordinates.",
  "hint.actnorm.round-trip": "The inverse undoes the forward: subtract the bias first, then multiply by exp(−s), per channel.",
  "hint.actnorm.log-det-forward": "Every one of the H·W pixels of channel c is scaled by exp(s_c): log|det ∂z/∂x| = H · W · Σ_c s_c, the same for every row. Do not forget the H · W.",
  "hint.actnorm.log-det-inverse": "The inverse scales by exp(−s): its log-det is −H · W · Σ_c s_c.",
  "hint.actnorm.inverse-log-det": "The forward and inverse log-dets must be negatives of each other: H · W · Σ s and −H · W · Σ s.",
  "hint.actnorm.init-normalizes": "initialize(x): reshape x to [-1, C] (one row per pixel), take tf.moments over axis 0, then s = −log(σ + ε) and b = −μ·exp(s), assigned with logScale.assign / bias.assign; set this.initialized = true.",
  "hint.actnorm.init-once": "The data-dependent initialisation happens once: when this.initialized is already true, initialize must return without changing s and b.",
  "hint.invertible-conv.shapes": "Reshape to [-1, C] (one row per pixel), multiply by Wᵀ (tf.matMul(pixels, W, false, true)), reshape back to x.shape; logDet is one value per row.",
  "hint.invertible-conv.kept-unchanged": "The 1×1 convolution has no kept coordinates.",
  "hint.invertible-conv.round-trip": "The inverse multiplies every pixel by W⁻¹ = (U + diag(s))⁻¹ · L⁻¹ · Pᵀ, in that order; use unitTriangularInverse for both triangular inverses, passing it the strictly triangular part (the masked lower entries, and diag(1/s)·U), not L or U + diag(s) themselves, and mask L and U (lowerMask, upperMask) exactly as in weight().",
  "hint.invertible-conv.log-det-forward": "log|det W| = Σ_c log|s_c| = Σ logAbsDiag (det P = ±1, det L = 1), and the same W acts on all H · W pixels: log|det ∂z/∂x| = H · W · Σ logAbsDiag.",
  "hint.invertible-conv.log-det-inverse": "The inverse applies W⁻¹ to every pixel: its log-det is −H · W · Σ logAbsDiag.",
  "hint.invertible-conv.inverse-log-det": "The forward and inverse log-dets must be negatives of each other.",
  "hint.log-det-gradient":
    "Build the log-det from the layer's variables with tensor operations (e.g. tf.mul(tf.ones([batch]), tf.mul(tf.sum(this.logScale), H * W))). " +
    "A value read back with data()/dataSync()/arraySync() and re-wrapped (tf.fill, tf.scalar, tf.tensor) has the right value but no gradient: " +
    "the loss then sees the log-det as a constant, nothing pushes the scales to spread the data, and training stalls far above the reference.",

  // Hints of exercise (c).
  "hint.nll.standard-normal-log-prob": "log N(z; 0, I) = −½ Σ_j z_j² − (D/2) log(2π): sum over the feature axis, and the constant uses D, the number of columns.",
  "hint.nll.flow-log-prob": "log p_X(x) = log p_Z(f(x)) + log|det ∂f/∂x|: add the log-det returned by flow.forward(x), do not subtract it.",
  "hint.nll.nll-loss": "NLL = −(1/N) Σ_i log p_X(x_i): the mean (not the sum) over the batch, with a minus sign, returned as a scalar.",
  "hint.nll.nll-gradients": "Compute the loss with tf operations on flow.forward(x) (no await, no dataSync), so that it can be differentiated.",
  "hint.nll.no-leak": "Wrap each function body in tf.tidy(() => ...), which frees every intermediate tensor.",

  // Hints of exercise (f).
  "hint.dequantization.dequantize": "y = (x + u) / K: add the noise to the integer pixels first, then divide by the number of levels K (not K − 1).",
  "hint.dequantization.bits-per-dim": "bits/dim = (NLL + D·ln K) / (D·ln 2): the D·ln K term converts the density of y ∈ [0,1)^D back to the pixels' scale; a uniform model (NLL = 0) must give exactly log₂ K.",
  "hint.dequantization.nll-loss": "NLL_Y = −mean over rows of log p_Y(y) with y = uniformDequantize(x, u, K): flowLogProb(flow, y), imported from your nll.ts, gives log p_Y per row (use it, not a formula of your own: the grader substitutes a flowLogProb of its own); return a scalar (tf.mean, not tf.sum).",

  // Hints of exercise (g).
  "hint.made-maf.shapes": "forward and inverse must return { output, logDet } with output [batch, D] and logDet [batch]: sum s over the feature axis (axis 1).",
  "hint.made-maf.kept-unchanged": "Every coordinate of a MAF layer is transformed; nothing is kept.",
  "hint.made-maf.inverse-log-det": "The Jacobian of the inverse at z = f(x) is the inverse matrix of the forward's at x, so the two log-dets must be negatives of each other: use s from the last pass.",
  "hint.made-maf.round-trip": "The inverse needs D passes: start from x = 0 and repeat x ← (z − t(x)) ⊙ exp(−s(x)) this.dim times; one pass gets only the first coordinate right.",
  "hint.made-maf.log-det-forward": "log|det ∂z/∂x| = Σ_i s_i(x): the sum of the log-scale over axis 1 (not exp(s)).",
  "hint.made-maf.log-det-inverse": "The inverse's log-det is −Σ_i s_i(x), with s from the LAST pass (at the reconstructed x), not from z.",
  "hint.made-maf.triangular-jacobian": "z_i may depend on x_1 … x_i only: use s and t from this.scaleAndShift(x) elementwise, and never mix coordinates (no sums or matrix products over the feature axis outside the MADE).",
  "hint.made-maf.masks-shape": "madeMasks(D, hidden, p) returns hidden.length + 1 matrices; masks[ℓ] is [fanIn][fanOut] (rows: the layer's inputs, columns: its units), the last one with p·D columns, entries 0 or 1.",
  "hint.made-maf.masks-autoregressive": "Output d may see only inputs with a smaller degree: keep a hidden connection when m(unit) ≥ m(input unit), but an output connection only when m⁰(d) > m(hidden unit) (strictly greater). Output column c belongs to coordinate c mod D.",
  "hint.made-maf.masks-connected": "Every input before d must reach output d: give hidden units degrees 1 … D − 1 (cyclically, 1 + (k mod (D − 1))), inputs 1 … D, and keep every connection the rules allow.",

  // Hints shared by every bijector exercise, and the API and type hints.
  "hint.common.deterministic": "A bijector must be a fixed function of its input and weights: no random numbers, no state kept between calls, the same answer in a fresh process.",
  "hint.common.gradients": "Compute the whole forward pass with tf operations on tensors (no data(), dataSync() or arraySync() in the middle), and use the conditioner's output, so that every weight gets its gradient.",
  "hint.common.leak": "Wrap the bodies of your functions in tf.tidy(() => ...), which frees every intermediate tensor, and return the tensors you keep.",
  "hint.common.row-independent": "A bijector acts on each row alone: the output for a row may not depend on which other rows share its batch, or on how many there are.",
  "hint.common.trivial": "With random weights a coupling layer must move its transformed coordinates: use the conditioner's output (shift, and log-scale for the affine layer).",
  "hint.common.shapes": "Check the axis of every sum and that each step keeps the [batch, D] shape.",
  "hint.common.layer-gradients": "Use the conditioner's output in the forward pass, and keep every step differentiable (tf ops only, no reads to JavaScript).",
  "hint.api.coupling": "Keep the constructor (mask, options) and the methods forward, inverse and trainableVariables from the exercise file.",
  "hint.api.image": "Keep the constructor (shape, options) and the methods forward, inverse and trainableVariables from the exercise file.",
  "hint.api.made-maf": "Keep the exports of the exercise file: madeDegrees, madeMasks and the class AffineMAF.",
  "hint.api.nll": "Keep the three exported functions of the exercise file, with their names and parameters.",
  "hint.likelihood": "Training longer is not the fix: check the log-det sign and the loss. The NLL here uses the autodiff Jacobian, so only a correct flow trained on the correct loss gets below the threshold.",
  "hint.type-check": "tslab type-checks every file a notebook imports. Declare what you return: e.g. `tf.add(a, b) as tf.Tensor2D`, or build the result from tensors of the declared type.",

  // The measured-value verdict every check shares, and what frames it.
  "verdict.measured.pass": "{subject}: {what} = {measured} ≤ {tolerance}",
  "verdict.measured.fail": "{subject}: {what} = {measured} > {tolerance}",
  "verdict.measured.nan": "{subject}: {what} = {measured} is NaN, tolerance {tolerance}",
  "verdict.worst-of": "{message} (worst of {count} cases)",
  "verdict.not-checked": "{subject}: not checked, {why}",
  "verdict.not-built": "the class could not be built ({problem})",
  "verdict.not-checked.module": "not checked: {problem}",

  // What the coupling verdicts measure (exercises a, b, d, e, g).
  "where.inputs": "{direction} on the {label} inputs",
  "where.twice": "{direction}, twice in one process",
  "where.two-processes": "{direction}, in two processes",
  "what.kept-unchanged": "max change of the kept coordinates (mask = 1), {where}",
  "what.round-trip-forward": "max |inverse(forward(x)) − x| on the {label} inputs (the two directions in separate processes)",
  "what.round-trip-inverse": "max |forward(inverse(z)) − z| on the {label} inputs (the two directions in separate processes)",
  "what.log-det": "max |{direction} logDet − log|det J|(finite differences)| near the {label} inputs",
  "what.log-det.rough": "{what} (the map is not smooth there: two step sizes disagree by {spread})",
  "what.inverse-log-det": "max |forward logDet(x) + inverse logDet(f(x))| on the {label} inputs",
  "what.deterministic": "max |f(x) − f(x)| over repeated evaluations (worst: {where})",
  "what.leak.tensors": "tensors left behind per forward+inverse call",
  "what.leak.memory": "growth of the process's memory over {iterations} forward+inverse calls on {rows} rows, in MB",
  "pass.api.coupling": "{subject}: exported, constructible from {from}, forward/inverse/trainableVariables present",
  "pass.shapes": "{subject}: output [B, D] and log-det [B], finite, in both directions",
  "pass.gradients": "{subject}: all {count} variables get finite gradients that agree with finite differences",
  "fail.shapes": "{where}: {problem}.",
  "fail.trivial.unmoved": "{subject}: with the grader's random weights, forward leaves the transformed coordinates unchanged (max change {moved}): the layer ignores its conditioner, so this check proves nothing",
  "fail.trivial.weights": "{subject}: forward gives the same output whatever the conditioner's weights: the layer ignores its conditioner, so this check proves nothing",

  // Exercise (f) in the grader.
  "pass.api.dequantization": "{subject}: exports uniformDequantize, discreteBitsPerDim, dequantizedNllLoss",
  "what.dequantize": "max |uniformDequantize(x, u, K) − (x + u)/K|",
  "what.bits-per-dim": "max relative |bits/dim − (NLL + D ln K)/(D ln 2)|",
  "what.bits-per-dim.uniform": "{what} (the uniform density, NLL = 0, gave {got} instead of log₂ K = {want})",
  "what.dequantized-nll": "|dequantizedNllLoss − mean(−log p_Y((x + u)/K))| relative to max(1, |NLL|), nats",
  "fail.dequantized-nll.scalar": "{subject}: dequantizedNllLoss must return a scalar (shape []); got shape [{shape}]",
  "fail.returned-count": "{subject}: {what} returned {count} value(s) of shape [{shape}]; expected {size}",

  // The type check.
  "pass.type-check": "{file}: no type errors with tslab's options",
  "fail.type-check": "{count} type error(s) with tslab's options, so notebooks cannot import this file: {errors}",
  "fail.type-check.not-checked": "not type-checked: {problem}",

  // Labels of the text people read (self-check, Gradescope output, JUnit, feedback, terminal).
  "label.hint": "hint",
  "label.passed": "passed",
  "label.failed": "failed",
  "label.measured": "measured",
  "label.tolerance": "tolerance",
  "label.threshold": "threshold",
  "label.trained": "trained {steps} steps in {seconds} s",
  "label.not-implemented": "not implemented yet: {what}",
  "selfcheck.heading": "flowgrade check: {dir} (public checks only; grading also runs hidden cases)",
  "selfcheck.could-not": "Could not check: {error}",
  "selfcheck.not-implemented": "{title}: not implemented yet.",
  "selfcheck.write-here": "Write your code between the TODO markers in {path}.",
  "selfcheck.likelihood-files": "affine-coupling.ts and nll.ts",
  "selfcheck.checks-passed": "{title}: {passed}/{total} checks passed",
  "selfcheck.need-work": "{count} of {total} parts need work (see above); edit, then run the check again.",
  "selfcheck.all-passed": "All {count} public checks passed. 🎉",
  "summary.checks": "{passed}/{total} checks",
  "summary.not-implemented": "not implemented yet",
  "summary.more": "… and {count} more failed checks (see results.json)",
  "summary.could-not-grade": "could not grade: {error}",
  "summary.score": "Score: {score} / {max}{percent} in {seconds} s",
  "gradescope.could-not-grade": "The grader could not grade this submission ({error}). Score 0 for now. If the reason is in your files, fix them and resubmit; otherwise contact the course staff.",
  "gradescope.visible": "FlowLab autograder: {passed}/{total} visible checks passed ({got} of the {max} visible points).",
  "gradescope.total": "FlowLab autograder: {score} / {max} points.",
  "gradescope.suite": "{title}: {passed}/{total} visible checks passed.",
  "gradescope.hidden": "Hidden tests ({points} points) run on other inputs; their results and your total score appear when grades are published.",
  "feedback.title": "FlowLab feedback: {student}",
  "feedback.status": "Status",
  "feedback.score": "Score",
  "feedback.backend": "Backend",
  "feedback.part": "part",
  "feedback.points": "points",

  // The notebooks' check cells (src/checks/exercises.ts, when-done.ts).
  "exercise.failed": "{title}: {failed} of {total} checks failed. Read the ✘ lines above, fix exercises/{file}, and run this cell again.",
  "exercise.all-passed": "All {count} checks passed. 🎉",
  "exercise.finish-first": "Finish exercise ({letter}) first: this cell runs your code from exercises/{file}{what}. Run it again when the exercise is done.",
  "exercise.finish-first.what": " ({name} is not implemented yet)",
  "hint.likelihood.grader": "Training longer is not the fix: check the log-det sign and the loss. The grader measures the NLL itself (its own Gaussian and a Jacobian from finite differences), so only a correct flow trained on the correct loss gets below the threshold.",
  "hint.image-likelihood": "The grader measures bits/dim itself (its own Gaussian and finite-difference Jacobian), so only correct layers train well: check both log-dets (H·W·Σs for ActNorm, H·W·Σ log|s| for the 1×1 convolution) and that initialize sets s and b once.",
  "verdict.likelihood": "{subject}: held-out NLL on {dataset} after {steps} steps ({rough}% of the points rough) = {measured} nats {comparison}",
  "verdict.image-likelihood": "{subject}: held-out bits/dim on {crop}×{crop} digits after {steps} steps ({rough}% of the points rough) = {measured} {comparison}",
  "compare.threshold.pass": "≤ threshold {threshold}",
  "compare.threshold.fail": "> threshold {threshold}",
  "compare.threshold.nan": "is NaN, threshold threshold {threshold}",
} as const;
