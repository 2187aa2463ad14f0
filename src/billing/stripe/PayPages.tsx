import type { ReactNode } from "react";
import type { Translator } from "../../platform/i18n/i18n.js";
import { Layout } from "../../web/public/Layout.js";

// The customer's pages around a card payment (no script), and the simulator's stand-in for Stripe Checkout.

export function PayMessagePage(props: {
  lang: "es" | "en";
  t: Translator;
  vendor: string;
  path: string;
  title: string;
  body: string;
  children?: ReactNode;
}) {
  return (
    <Layout
      lang={props.lang}
      t={props.t}
      title={props.title}
      vendor={props.vendor}
      current="none"
      path={props.path}
    >
      <h1>{props.title}</h1>
      <p className="lead">{props.body}</p>
      {props.children}
    </Layout>
  );
}

export function SimulatorCheckoutPage(props: {
  lang: "es" | "en";
  t: Translator;
  vendor: string;
  path: string;
  amount: string;
  description: string;
  status: "open" | "completed" | "expired";
  /** What credit notes gave back of this payment (simulated refunds); "" when nothing. */
  refunded?: string;
}) {
  const { t } = props;
  return (
    <PayMessagePage
      lang={props.lang}
      t={t}
      vendor={props.vendor}
      path={props.path}
      title={t("billing.pay.simulatorTitle")}
      body={t("billing.pay.simulatorBody")}
    >
      <div className="card">
        <p>{props.description}</p>
        <p className="number">{t("billing.pay.simulatorAmount", { amount: props.amount })}</p>
        {props.refunded ? <p>{t("billing.pay.simulatorRefunded", { amount: props.refunded })}</p> : null}
        {props.status === "open" ? (
          <div className="actions">
            <form method="post" action={`${props.path}/pay?lang=${props.lang}`}>
              <button type="submit" className="button">
                {t("billing.pay.simulatorPay")}
              </button>
            </form>
            <form method="post" action={`${props.path}/cancel?lang=${props.lang}`}>
              <button type="submit" className="button">
                {t("billing.pay.simulatorCancel")}
              </button>
            </form>
          </div>
        ) : (
          <p role="status">{t("billing.pay.simulatorDone", { status: props.status })}</p>
        )}
      </div>
    </PayMessagePage>
  );
}
