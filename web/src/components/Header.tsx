import { useTranslation } from "../i18n.ts";
import { Link } from "wouter";

import type { DappConfig } from "../config.ts";
import { type Language, LANGUAGES, setLanguage } from "../i18n.ts";
import { WalletButton } from "./WalletButton.tsx";

export function Header({ config }: { config: DappConfig }) {
  const { t, i18n } = useTranslation();
  return (
    <header className="header">
      <a className="skip" href="#main">
        {t("nav.skip")}
      </a>
      <Link to="/" className="brand">
        {t("app.name")}
      </Link>
      <nav aria-label={t("nav.films")}>
        <Link to="/">{t("nav.films")}</Link> <Link to="/rentals">{t("nav.rentals")}</Link> <Link to="/wallet">{t("nav.wallet")}</Link> <Link to="/royalties">{t("nav.royalties")}</Link> <Link to="/studio">{t("nav.studio")}</Link> <Link to="/campaigns">{t("nav.campaigns")}</Link> <Link to="/curation">{t("nav.curation")}</Link>
      </nav>
      <label className="language">
        <span className="visually-hidden">{t("nav.language")}</span>
        <select value={i18n.language} onChange={(e) => void setLanguage(e.target.value as Language)}>
          {Object.entries(LANGUAGES).map(([code, name]) => (
            <option key={code} value={code}>
              {name}
            </option>
          ))}
        </select>
      </label>
      <WalletButton config={config} />
    </header>
  );
}
