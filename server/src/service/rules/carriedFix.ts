// The form in which rules that work out their own fixes carry them in a diagnostic's data
// (`data.fixes`); the code actions read them back (carriedFixes in features/codeActions.ts).

export interface CarriedEdit {
  /** UTF-16 offsets into the text of the linted file. */
  start: number;
  end: number;
  newText: string;
  /** The text now at [start, end), so a fix whose text changed is dropped. */
  expect: string;
}

export interface CarriedFix {
  title: string;
  /** Right in every case the rule reports: offered first and applied by fix-all. */
  preferred: boolean;
  edits: CarriedEdit[];
}
