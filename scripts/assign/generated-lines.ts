/**
 * The lines `npm run assign` writes into every exercise file, in each of the course's languages:
 * the first line, and the TODO line that replaces a solution block ({file}, {exercise}: filled in).
 */
export const GENERATED_LINES: Record<string, { header: string; todo: string }> = {
  en: {
    header: "// Exercise file generated from solutions/{file} by `npm run assign`. Write your code where it says TODO.",
    todo: "// TODO({exercise}): write your code here. Delete the next line when you start.",
  },
  fr: {
    header: "// Fichier d’exercice généré depuis solutions/{file} par `npm run assign`. Écrivez votre code là où il est écrit TODO.",
    todo: "// TODO({exercise}) : écrivez votre code ici. Supprimez la ligne suivante quand vous commencez.",
  },
  es: {
    header: "// Archivo de ejercicio generado a partir de solutions/{file} por `npm run assign`. Escribe tu código donde dice TODO.",
    todo: "// TODO({exercise}): escribe tu código aquí. Borra la línea siguiente cuando empieces.",
  },
};

