import { type ComponentType, lazy, Suspense } from "react";
import { type Part, pageStrings, useTranslation } from "./i18n.ts";
import { Link, Route, Switch } from "wouter";

import { Header } from "./components/Header.tsx";
import type { DappConfig } from "./config.ts";
import { Catalogue } from "./pages/Catalogue.tsx";

// The catalogue is the first page most visitors see: it comes with the entry. Every other page (and
// with it the contracts' ABIs, the player, the wallet's forms) is a chunk of its own, loaded on the way.
// Each waits for the pages' strings too (i18n.ts).
const page = <P,>(load: () => Promise<ComponentType<P>>, ...parts: Exclude<Part, "shell">[]) =>
  lazy(async () => ({ default: (await Promise.all([load(), ...(parts.length ? parts : (["pages", "errors"] as const)).map((part) => pageStrings(part))]))[0] }));
const FilmPage = page(() => import("./pages/FilmPage.tsx").then((m) => m.FilmPage));
const WatchPage = page(() => import("./pages/WatchPage.tsx").then((m) => m.WatchPage));
const RentalsPage = page(() => import("./pages/RentalsPage.tsx").then((m) => m.RentalsPage));
const WalletPage = page(() => import("./pages/WalletPage.tsx").then((m) => m.WalletPage));
const RoyaltiesPage = page(() => import("./pages/RoyaltiesPage.tsx").then((m) => m.RoyaltiesPage));
// Filmmakers' studio (studio/): its own chunks, editors and charts loaded inside it.
const StudioPage = page(() => import("./studio/StudioPage.tsx").then((m) => m.StudioPage), "studio");
const PublishPage = page(() => import("./studio/PublishPage.tsx").then((m) => m.PublishPage), "studio", "errors");
const StatsPage = page(() => import("./studio/StatsPage.tsx").then((m) => m.StatsPage), "studio");
const LaunchCampaign = page(() => import("./studio/LaunchCampaign.tsx").then((m) => m.LaunchCampaign), "studio", "invest", "errors");
// Investors (invest/).
const CampaignsPage = page(() => import("./invest/CampaignsPage.tsx").then((m) => m.CampaignsPage), "invest");
const CampaignPage = page(() => import("./invest/CampaignPage.tsx").then((m) => m.CampaignPage), "invest", "errors");
// Curators (curation/).
const CurationPage = page(() => import("./curation/CurationPage.tsx").then((m) => m.CurationPage), "curation");

function PageLoading() {
  const { t } = useTranslation();
  return (
    <div className="skeleton page-loading" aria-busy="true" aria-label={t("catalogue.loading")}>
      <div className="line wide" />
      <div className="line" />
      <div className="line short" />
    </div>
  );
}

function NotFound() {
  const { t } = useTranslation();
  return (
    <section>
      <h1>{t("app.notFound")}</h1>
      <Link to="/">{t("app.home")}</Link>
    </section>
  );
}

export function App({ config }: { config: DappConfig }) {
  return (
    <>
      <Header config={config} />
      <main id="main">
        <Suspense fallback={<PageLoading />}>
          <Switch>
            <Route path="/">
              <Catalogue config={config} />
            </Route>
            <Route path="/films/:filmId">
              <FilmPage config={config} />
            </Route>
            <Route path="/films/:filmId/watch">
              <WatchPage config={config} />
            </Route>
            <Route path="/rentals">
              <RentalsPage config={config} />
            </Route>
            <Route path="/wallet">
              <WalletPage config={config} />
            </Route>
            <Route path="/royalties">
              <RoyaltiesPage config={config} />
            </Route>
            <Route path="/studio">
              <StudioPage config={config} />
            </Route>
            <Route path="/studio/publish">
              <PublishPage config={config} />
            </Route>
            <Route path="/studio/stats">
              <StatsPage config={config} />
            </Route>
            <Route path="/studio/stats/:filmId">
              <StatsPage config={config} />
            </Route>
            <Route path="/studio/crowdfund/:filmId">
              <LaunchCampaign config={config} />
            </Route>
            <Route path="/campaigns">
              <CampaignsPage config={config} />
            </Route>
            <Route path="/campaigns/:vault">
              <CampaignPage config={config} />
            </Route>
            <Route path="/curation">
              <CurationPage config={config} />
            </Route>
            <Route>
              <NotFound />
            </Route>
          </Switch>
        </Suspense>
      </main>
    </>
  );
}
