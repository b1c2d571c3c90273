/**
 * What `--only` accepts: the exercise ids of the registry (src/checks/exercises.ts) and the
 * letters the course names them by, (a)–(g), read from the registry's titles ("Exercise (a): …"),
 * so a new exercise gets its letter where it gets its title. Case and parentheses are ignored:
 * `--only a,b,nll`, `--only "(d),E"`.
 */
import { EXERCISES, EXERCISE_IDS, type ExerciseId } from "../../src/checks/exercises";

/** The letter of exercise `id` in the course: "a" for additive-coupling ("Exercise (a): …"). */
export function exerciseLetter(id: ExerciseId): string {
  const letter = /\(([a-z])\)/.exec(EXERCISES[id].title)?.[1];
  if (!letter) throw new Error(`exercise registry: the title of "${id}" names no letter "(x)": ${EXERCISES[id].title}`);
  return letter;
}

/** Every name `--only` accepts, letter or id, and the exercise id it stands for. */
export function selectionNames(): Map<string, ExerciseId> {
  const names = new Map<string, ExerciseId>();
  for (const id of EXERCISE_IDS) names.set(id, id).set(exerciseLetter(id), id);
  return names;
}

/** "a–g or additive-coupling, …": how help and errors describe what --only accepts. */
export function selectionChoices(): string {
  const letters = EXERCISE_IDS.map(exerciseLetter);
  return `a–${letters.at(-1)} or ${EXERCISE_IDS.join(", ")}`;
}

/** The exercise id that `name` (a letter or an id, any case, "(d)" too) stands for, or undefined. */
export function resolveExerciseName(name: string): ExerciseId | undefined {
  return selectionNames().get(name.trim().toLowerCase().replace(/^\((.)\)$/, "$1"));
}
