import type { AppSettings, HomeView, SessionUser } from "../api-types.js";
import { useT } from "../i18n.js";
import { useData } from "../use-data.js";
import { BackupCard } from "./BackupCard.js";
import { money } from "./format.js";
import { HomeChecklist, TodayCard } from "./HomeChecklist.js";
import { OnboardingForm } from "./OnboardingForm.js";
import { WhatsAppHealthCard } from "./WhatsAppHealthCard.js";

export function HomeScreen({ user, onUser }: { user: SessionUser; onUser?: (user: SessionUser) => void }) {
  const t = useT();
  const settingsData = useData<AppSettings>("/api/v1/settings");
  const settings = settingsData.data;
  const homeData = useData<HomeView>("/api/v1/home");
  const home = homeData.data;

  return (
    <section aria-labelledby="home-title">
      <h1 id="home-title">{t("app.home.welcome", { name: user.name })}</h1>
      {home?.onboarding && settings ? (
        <OnboardingForm
          user={user}
          settings={settings}
          onDone={(updated) => {
            onUser?.(updated);
            void homeData.reload();
            void settingsData.reload();
          }}
        />
      ) : null}
      {home ? (
        <div className="cards home-top">
          {user.role === "owner" ? <HomeChecklist home={home} /> : null}
          <TodayCard home={home} />
        </div>
      ) : null}
      {settings ? (
        <div className="cards">
          <div className="card">
            <h2>{t("app.home.numbers")}</h2>
            <dl>
              <dt>{t("app.home.presales")}</dt>
              <dd>{settings.channels.presales.displayNumber}</dd>
              <dt>{t("app.home.premium")}</dt>
              <dd>{settings.channels.premium.displayNumber}</dd>
            </dl>
          </div>
          <div className="card">
            <h2>{t("app.home.rates")}</h2>
            <ul className="plain">
              {(["consultation", "technical_support", "urgent_critical"] as const).map((s) => (
                <li key={s}>
                  {t(`common.serviceTypes.${s}`)}:{" "}
                  <strong>
                    {t("common.perHour", {
                      amount: money(settings.rates.hourly[s], settings.rates.currency),
                    })}
                  </strong>
                </li>
              ))}
            </ul>
          </div>
          <div className="card">
            <h2>{t("app.home.publicPages")}</h2>
            <ul className="plain">
              <li>
                <a href="/policy">/policy</a>
              </li>
              <li>
                <a href="/contact">/contact</a>
              </li>
            </ul>
          </div>
          <WhatsAppHealthCard showSteps={user.role === "owner"} />
          {user.role === "owner" ? <BackupCard /> : null}
        </div>
      ) : null}
    </section>
  );
}
