import { useTranslation } from "../i18n.ts";
import type { TestCard } from "./card.ts";

/** The card to pay with, locally: one of the development payment provider's test cards. */
export function TestCardPicker({ card, onChange }: { card: TestCard; onChange: (card: TestCard) => void }) {
  const { t } = useTranslation();
  return (
    <label>
      {t("card.testCard")}
      <select value={card} onChange={(e) => onChange(e.target.value as TestCard)}>
        <option value="visa">{t("card.visa")}</option>
        <option value="declined">{t("card.declinedCard")}</option>
      </select>
    </label>
  );
}
