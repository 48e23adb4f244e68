import { FilmDetailsError, type FilmDetails, GENRES, parseFilmDetails } from "@streamspace/core/film-metadata";

import { type Translate, useTranslation } from "../i18n.ts";

/** What the filmmaker types about a film: text per field, as the form holds it. */
export interface DetailsForm {
  title: string;
  synopsis: string;
  releaseYear: string;
  languages: string;
  countries: string;
  directors: string;
  writers: string;
  producers: string;
  cast: string;
  crew: string;
  genres: string[];
}

export const EMPTY_DETAILS: DetailsForm = { title: "", synopsis: "", releaseYear: "", languages: "", countries: "", directors: "", writers: "", producers: "", cast: "", crew: "", genres: [] };

/** The functions' limit on a poster (functions/src/content/metadata-documents.ts). */
export const POSTER_MAX_BYTES = 2 * 1024 * 1024;

const lines = (text: string) => text.split(/\n|,/).map((s) => s.trim()).filter(Boolean);
/** "Name — role" (or "Name - role", "Name: role") lines. */
const pairs = (text: string) =>
  text
    .split("\n")
    .map((l) => l.trim())
    .filter(Boolean)
    .map((l) => {
      const [name, role] = l.split(/\s+[—–-]\s+|:\s*/, 2);
      return { name: name!.trim(), role: role?.trim() };
    });

/** A published film's details back into the form, to edit them. */
export function formOfDetails(d: FilmDetails): DetailsForm {
  return {
    title: d.title,
    synopsis: d.synopsis,
    releaseYear: d.releaseYear ? String(d.releaseYear) : "",
    languages: d.languages.join(", "),
    countries: d.countries.join(", "),
    directors: d.credits.directors.join(", "),
    writers: d.credits.writers.join(", "),
    producers: d.credits.producers.join(", "),
    cast: d.credits.cast.map((c) => (c.character ? `${c.name} — ${c.character}` : c.name)).join("\n"),
    crew: d.credits.crew.map((c) => `${c.name} — ${c.job}`).join("\n"),
    genres: [...d.genres],
  };
}

/**
 * The form checked as the functions check it (`parseFilmDetails`): the details, or the wrong field's
 * name and why, said in the filmmaker's language where it is the common "required".
 */
export function checkDetails(form: DetailsForm, t: Translate): { details: FilmDetails } | { field: string; error: string } {
  try {
    return {
      details: parseFilmDetails({
        title: form.title,
        synopsis: form.synopsis,
        ...(form.releaseYear.trim() ? { releaseYear: Number(form.releaseYear) } : {}),
        genres: form.genres,
        languages: lines(form.languages),
        countries: lines(form.countries).map((c) => c.toUpperCase()),
        credits: {
          directors: lines(form.directors),
          writers: lines(form.writers),
          producers: lines(form.producers),
          cast: pairs(form.cast).map(({ name, role }) => ({ name, ...(role ? { character: role } : {}) })),
          crew: pairs(form.crew).map(({ name, role }) => ({ name, job: role ?? "" })),
        },
      }),
    };
  } catch (error) {
    if (!(error instanceof FilmDetailsError)) throw error;
    const name = error.field.split(/[.[]/)[0]!;
    const field = name === "credits" ? error.field.split(".")[1]!.split("[")[0]! : name;
    const reason = error.message.slice(error.field.length + 2);
    return { field, error: /^(is required|needs at least 1)$/.test(reason) ? t("studio.publish.required") : t("studio.publish.fieldError", { reason }) };
  }
}

/** A poster file as the functions take it, or why it cannot be one (checked again, from its bytes, there). */
export async function posterOf(file: File, t: Translate): Promise<{ poster: { contentType: string; data: string } } | { error: string }> {
  if (file.type !== "image/jpeg" && file.type !== "image/png") return { error: t("studio.publish.posterType") };
  if (file.size > POSTER_MAX_BYTES) return { error: t("studio.publish.posterTooLarge", { mb: POSTER_MAX_BYTES / 1_048_576 }) };
  const bytes = new Uint8Array(await file.arrayBuffer());
  let binary = "";
  for (let i = 0; i < bytes.length; i += 0x8000) binary += String.fromCharCode(...bytes.subarray(i, i + 0x8000));
  return { poster: { contentType: file.type, data: btoa(binary) } };
}

/** The details' fields (IMDb's), each with its error below it; `id` prefixes the error elements' ids. */
export function DetailsFields({ id, form, onForm, errors, disabled }: { id: string; form: DetailsForm; onForm: (update: (f: DetailsForm) => DetailsForm) => void; errors: Record<string, string>; disabled?: boolean }) {
  const { t } = useTranslation();
  const field = (name: Exclude<keyof DetailsForm, "genres">) => ({
    value: form[name],
    onChange: (e: { target: { value: string } }) => onForm((f) => ({ ...f, [name]: e.target.value })),
    "aria-invalid": Boolean(errors[name]),
    "aria-describedby": errors[name] ? `${id}-${name}-error` : undefined,
  });
  const errorOf = (name: string) => (errors[name] ? <span id={`${id}-${name}-error`} className="field-error">{errors[name]}</span> : null);
  return (
    <fieldset disabled={disabled}>
      <legend>{t("studio.publish.details")}</legend>
      <label>
        {t("studio.publish.filmTitle")}
        <input {...field("title")} />
      </label>
      {errorOf("title")}
      <label>
        {t("studio.publish.synopsis")}
        <textarea rows={4} {...field("synopsis")} />
      </label>
      {errorOf("synopsis")}
      <label>
        {t("studio.publish.releaseYear")}
        <input inputMode="numeric" {...field("releaseYear")} />
      </label>
      {errorOf("releaseYear")}
      <fieldset className="genres" aria-describedby={errors.genres ? `${id}-genres-error` : undefined}>
        <legend>{t("studio.publish.genres")}</legend>
        {GENRES.map((g) => (
          <label key={g} className="check">
            <input type="checkbox" checked={form.genres.includes(g)} onChange={(e) => onForm((f) => ({ ...f, genres: e.target.checked ? [...f.genres, g] : f.genres.filter((x) => x !== g) }))} />
            {t(`genres.${g}`)}
          </label>
        ))}
      </fieldset>
      {errorOf("genres")}
      <label>
        {t("studio.publish.languages")}
        <input placeholder="en, ko" {...field("languages")} />
      </label>
      {errorOf("languages")}
      <label>
        {t("studio.publish.countries")}
        <input placeholder="KR, US" {...field("countries")} />
      </label>
      {errorOf("countries")}
      <label>
        {t("studio.publish.directors")}
        <input {...field("directors")} />
      </label>
      {errorOf("directors")}
      <label>
        {t("studio.publish.writers")}
        <input {...field("writers")} />
      </label>
      {errorOf("writers")}
      <label>
        {t("studio.publish.producers")}
        <input {...field("producers")} />
      </label>
      {errorOf("producers")}
      <label>
        {t("studio.publish.cast")}
        <textarea rows={3} placeholder={t("studio.publish.castPlaceholder")} {...field("cast")} />
      </label>
      {errorOf("cast")}
      <label>
        {t("studio.publish.crew")}
        <textarea rows={3} placeholder={t("studio.publish.crewPlaceholder")} {...field("crew")} />
      </label>
      {errorOf("crew")}
    </fieldset>
  );
}
