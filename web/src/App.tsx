import { type ComponentType, lazy, Suspense } from "react";
import { pageStrings, useTranslation } from "./i18n.ts";
import { BrowserRouter, Route, Routes } from "react-router";

import { Header } from "./components/Header.tsx";
import type { DappConfig } from "./config.ts";
import { Catalogue } from "./pages/Catalogue.tsx";

// The catalogue is the first page most visitors see: it comes with the entry. Every other page (and
// with it the contracts' ABIs, the player, the wallet's forms) is a chunk of its own, loaded on the way.
// Each waits for the pages' strings too (i18n.ts).
const page = <P,>(load: () => Promise<ComponentType<P>>) => lazy(async () => ({ default: (await Promise.all([load(), pageStrings()]))[0] }));
const FilmPage = page(() => import("./pages/FilmPage.tsx").then((m) => m.FilmPage));
const WatchPage = page(() => import("./pages/WatchPage.tsx").then((m) => m.WatchPage));
const RentalsPage = page(() => import("./pages/RentalsPage.tsx").then((m) => m.RentalsPage));
const WalletPage = page(() => import("./pages/WalletPage.tsx").then((m) => m.WalletPage));
const RoyaltiesPage = page(() => import("./pages/RoyaltiesPage.tsx").then((m) => m.RoyaltiesPage));

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

export function App({ config }: { config: DappConfig }) {
  return (
    <BrowserRouter>
      <Header config={config} />
      <main id="main">
        <Suspense fallback={<PageLoading />}>
          <Routes>
            <Route path="/" element={<Catalogue config={config} />} />
            <Route path="/films/:filmId" element={<FilmPage config={config} />} />
            <Route path="/films/:filmId/watch" element={<WatchPage config={config} />} />
            <Route path="/rentals" element={<RentalsPage config={config} />} />
            <Route path="/wallet" element={<WalletPage config={config} />} />
            <Route path="/royalties" element={<RoyaltiesPage config={config} />} />
          </Routes>
        </Suspense>
      </main>
    </BrowserRouter>
  );
}
